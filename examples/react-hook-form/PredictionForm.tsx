// A prediction form on react-hook-form and zod: the uploader is a Controller field whose value is the stored
// file's public URL. With `noValidate` the browser checks nothing, yet the uploader still stops a submit while
// an upload runs, or while it is required and empty, before handleSubmit sees a stale or missing URL.
import { zodResolver } from '@hookform/resolvers/zod';
import { useId } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
// In an app: `from 'media-uploader'`, and `import 'media-uploader/styles.css'` once.
import { MediaUploader, type MediaUploaderProps } from '../../src/index';
import '../../src/react/styles.css';

export const predictionSchema = z.object({
  prompt: z.string().trim().min(1, 'Describe what the model should make.'),
  // The uploader only ever emits a stored file's URL; this rule guards the value the server will get.
  image: z.url({ protocol: /^https?$/, error: 'Choose a file to upload.' }),
});

export type PredictionValues = z.infer<typeof predictionSchema>;

/** What the app's server may refuse after the submit (the model cannot read the image, say), per field. */
export type PredictionFieldErrors = Partial<Record<keyof PredictionValues, string>>;

export interface PredictionFormProps {
  /** The app's presign route, or a presign function. */
  presign?: MediaUploaderProps['presign'];
  /** Sends the prediction; field errors it returns are shown under their field, the first one focused. */
  onSubmit: (values: PredictionValues) => Promise<PredictionFieldErrors | void> | PredictionFieldErrors | void;
}

export function PredictionForm({ presign = '/api/uploads/presign', onSubmit }: PredictionFormProps) {
  const {
    control,
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PredictionValues>({ resolver: zodResolver(predictionSchema), defaultValues: { prompt: '', image: '' } });
  const id = useId();
  const submit = handleSubmit(async (values) => {
    const refused = Object.entries((await onSubmit(values)) ?? {}) as [keyof PredictionValues, string][];
    // shouldFocus calls the field's ref: for the image, MediaUploader's ref is its drop zone.
    refused.forEach(([field, message], index) => setError(field, { type: 'server', message }, { shouldFocus: index === 0 }));
  });

  return (
    <form noValidate onSubmit={submit} aria-label="Prediction">
      <label htmlFor={`${id}-prompt`}>Prompt</label>
      <textarea
        id={`${id}-prompt`}
        {...register('prompt')}
        aria-invalid={errors.prompt ? true : undefined}
        aria-describedby={errors.prompt ? `${id}-prompt-error` : undefined}
      />
      {errors.prompt && (
        <p id={`${id}-prompt-error`} role="alert">
          {errors.prompt.message}
        </p>
      )}

      <p id={`${id}-image-label`}>Image</p>
      <Controller
        name="image"
        control={control}
        render={({ field, fieldState }) => (
          <>
            {/* field: value (a URL, '' when empty), onChange(url), onBlur (touched), ref (focus on error), name. */}
            <MediaUploader
              {...field}
              presign={presign}
              accept="image/*"
              required
              aria-labelledby={`${id}-image-label`}
              aria-describedby={fieldState.error ? `${id}-image-error` : undefined}
            />
            {fieldState.error && (
              <p id={`${id}-image-error`} role="alert">
                {fieldState.error.message}
              </p>
            )}
          </>
        )}
      />

      <button type="submit" disabled={isSubmitting}>
        Generate
      </button>
    </form>
  );
}
