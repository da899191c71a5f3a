import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { type Labels, MediaUploader } from 'media-uploader';
import { fieldRules, MEDIA_KINDS, type MediaInput, type MediaKind, type Model, MODELS, missingStorage, predictionBody } from './models';

type DemoProvider = typeof __DEMO_PROVIDER__;

// Where the bytes go, in the provider's own terms: pruna takes no presigned uploads (its files pass this server's
// proxy), and modelroute hands back file ids rather than URLs.
const STORAGE_LEDE: Record<DemoProvider, ReactNode> = {
  'local-s3': presigned('a local S3 (s3rver) started by npm start', 'URLs'),
  eachlabs: presigned('eachlabs storage', 'URLs'),
  modelroute: presigned('modelroute files', 'file ids'),
  apimodels: presigned('apimodels storage', 'URLs'),
  pruna: (
    <>
      Files go from this page to this server’s upload proxy at <code>/api/uploads/proxy</code>, which streams them to
      pruna with the API key (pruna takes no presigned uploads); the model gets their URLs in its prediction input.
    </>
  ),
};

function presigned(storage: string, values: string): ReactNode {
  return (
    <>
      Files go from this page straight to {storage} with a presigned URL from <code>/api/presign</code>; the model gets
      their {values} in its prediction input.
    </>
  );
}

type MediaValues = Partial<Record<MediaKind, string>>;

const firstValue = (value: string | string[]) => (Array.isArray(value) ? value[0] : value) || undefined;

export function App() {
  const [modelId, setModelId] = useState(MODELS[0]!.id);
  // Each field's rules as last shown: a model with other rules for a field gets a fresh uploader there, so a file
  // checked and prepared for one model (a 320×240 image Kling took) never goes to another (FLUX wants 512×512 px).
  const [fieldRules, setFieldRules] = useState(() => rulesOf(MODELS[0]!, {}));
  const [prompt, setPrompt] = useState('');
  const [media, setMedia] = useState<MediaValues>({});
  const [submitted, setSubmitted] = useState<string | null>(null);
  const ids = { model: useId(), prompt: useId(), json: useId() };

  const model = MODELS.find((candidate) => candidate.id === modelId) ?? MODELS[0]!;
  const body = useMemo(() => predictionBody(model, prompt, media), [model, prompt, media]);
  const json = JSON.stringify(body, null, 2);
  const stored = MEDIA_KINDS.filter((kind) => model.media[kind] && media[kind]);

  // The submit path reads the form itself, as a plain <form> or a form library would:
  // the uploader's hidden inputs carry the uploaded URLs under each field's name.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const fromForm: MediaValues = {};
    for (const kind of MEDIA_KINDS) {
      const value = data.get(kind);
      if (typeof value === 'string' && value) fromForm[kind] = value;
    }
    const formBody = predictionBody(model, String(data.get('prompt') ?? ''), fromForm);
    setSubmitted(JSON.stringify(formBody, null, 2));
  }

  return (
    <div className="demo">
      <header className="demo-header">
        <p className="demo-eyebrow">media-uploader</p>
        <h1>Run a model on your media</h1>
        <p className="demo-lede">{STORAGE_LEDE[__DEMO_PROVIDER__]}</p>
      </header>

      <main className="demo-grid">
        <form className="demo-card demo-form" onSubmit={onSubmit} aria-labelledby="form-title">
          <h2 id="form-title">Prediction</h2>

          <div className="demo-field">
            <label htmlFor={ids.model}>Model</label>
            <select
              id={ids.model}
              name="model"
              value={modelId}
              onChange={(event) => {
                const next = MODELS.find((candidate) => candidate.id === event.target.value)!;
                const rules = rulesOf(next, fieldRules);
                setModelId(next.id);
                setFieldRules(rules);
                setMedia((current) => {
                  const kept = { ...current };
                  for (const kind of MEDIA_KINDS) if (rules[kind] !== fieldRules[kind]) delete kept[kind];
                  return kept;
                });
                setSubmitted(null);
              }}
              aria-describedby={`${ids.model}-desc`}
            >
              {MODELS.map((candidate) => {
                // A model whose media this storage refuses would fail at the presign, after the user picked a file.
                const missing = missingStorage(candidate, __DEMO_PROVIDER__);
                return (
                  <option key={candidate.id} value={candidate.id} disabled={Boolean(missing)}>
                    {candidate.label}: {candidate.task}
                    {missing && ` (${missing})`}
                  </option>
                );
              })}
            </select>
            <p id={`${ids.model}-desc`} className="demo-hint">
              <code>{model.id}</code> v{model.version}. {model.description}
            </p>
          </div>

          {model.prompt && (
            <div className="demo-field">
              <label htmlFor={ids.prompt}>{model.prompt.label}</label>
              <textarea
                id={ids.prompt}
                name="prompt"
                rows={3}
                required={model.prompt.required}
                placeholder={model.prompt.placeholder}
                value={prompt}
                onChange={(event) => {
                  setPrompt(event.target.value);
                  setSubmitted(null);
                }}
              />
            </div>
          )}

          {MEDIA_KINDS.map((kind) => (
            <MediaField
              key={`${kind} ${fieldRules[kind] ?? ''}`}
              kind={kind}
              input={model.media[kind]}
              onChange={(value) => {
                setMedia((current) => ({ ...current, [kind]: value }));
                setSubmitted(null);
              }}
            />
          ))}

          <div className="demo-actions">
            <button type="submit" className="demo-button">
              Run {model.label}
            </button>
          </div>
          {submitted && (
            <div className="demo-submitted" role="status">
              <p>
                <strong>Submitted.</strong> This demo has no model API key, so nothing was sent. Your server would
                forward this body, read from the form’s own FormData, to <code>POST /v1/prediction</code>:
              </p>
              <pre data-testid="submitted-json">{submitted}</pre>
            </div>
          )}
        </form>

        <aside className="demo-side" aria-label="Request and stored files">
          <section className="demo-card" aria-labelledby={ids.json}>
            <div className="demo-card-head">
              <h2 id={ids.json}>Prediction body</h2>
              <CopyButton text={json} />
            </div>
            <p className="demo-hint">Updates as files finish uploading.</p>
            <pre className="demo-json" data-testid="prediction-json" tabIndex={0} aria-label="Prediction body JSON">
              {json}
            </pre>
          </section>

          <section className="demo-card" aria-labelledby="stored-title">
            <h2 id="stored-title">Stored objects</h2>
            {stored.length === 0 ? (
              <p className="demo-hint">Uploaded files appear here, loaded back from storage by their public URL.</p>
            ) : (
              <ul className="demo-stored">
                {stored.map((kind) => (
                  <li key={kind}>
                    <StoredPreview kind={kind} value={media[kind]!} label={model.media[kind]!.label} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </main>
    </div>
  );
}

/**
 * What each field checks and prepares under `model`, as a comparable string; a field the model does not take keeps
 * its `previous` rules (hidden, its upload waits for the next model that takes it).
 */
function rulesOf(model: Model, previous: Partial<Record<MediaKind, string>>): Partial<Record<MediaKind, string>> {
  const rules = { ...previous };
  for (const kind of MEDIA_KINDS) {
    const input = model.media[kind];
    if (input) rules[kind] = JSON.stringify([input.constraints ?? null, input.prepare ?? null]);
  }
  return rules;
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <span className="demo-copy">
      <span role="status" className="demo-copied">
        {copied ? 'Copied' : ''}
      </span>
      <button
        type="button"
        className="demo-button demo-button-quiet"
        onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true), () => {})}
      >
        Copy JSON
      </button>
    </span>
  );
}

interface MediaFieldProps {
  kind: MediaKind;
  /** Undefined when the selected model does not take this kind of media. */
  input: MediaInput | undefined;
  onChange: (value: string | undefined) => void;
}

function MediaField({ kind, input, onChange }: MediaFieldProps) {
  const label = input?.label ?? kind;
  const rules = fieldRules(kind, __DEMO_PROVIDER__);
  // Three drop zones on one page: each one's text (its accessible name) says which input it fills.
  // Memoized: the uploader re-merges its labels only when an entry changes identity.
  const labels = useMemo<Partial<Labels>>(
    () => ({
      dropzone: `Drop the ${label.toLowerCase()} here, paste, or press to choose`,
      dropzoneActive: `Drop to upload the ${label.toLowerCase()}`,
      hint: () => (input?.needs ? `${rules.hint}; ${input.needs}` : rules.hint),
    }),
    [label, rules.hint, input?.needs],
  );
  // Fields the model does not take stay mounted (their uploads wait for a model that takes them), but a disabled
  // fieldset keeps them out of FormData and out of `required` checks.
  return (
    <fieldset className="demo-field demo-media" data-field={kind} disabled={!input} hidden={!input}>
      <legend>
        {label}
        {input?.required && <span className="demo-required"> (required)</span>}
      </legend>
      <MediaUploader
        name={kind}
        presign="/api/presign"
        accept={rules.accept}
        maxSize={rules.maxSize}
        required={Boolean(input?.required)}
        constraints={input?.constraints}
        prepare={input?.prepare}
        labels={labels}
        onChange={(value) => onChange(firstValue(value))}
      />
    </fieldset>
  );
}

function StoredPreview({ kind, value, label }: { kind: MediaKind; value: string; label: string }) {
  // modelroute answers a file id, not a URL: there is nothing to load back.
  const isUrl = /^https?:\/\//.test(value);
  return (
    <figure className="demo-preview" data-kind={kind}>
      {isUrl && kind === 'image' && <img src={value} alt={`${label}, as stored`} />}
      {isUrl && kind === 'video' && <video src={value} controls preload="metadata" aria-label={`${label}, as stored`} />}
      {isUrl && kind === 'audio' && <audio src={value} controls preload="metadata" aria-label={`${label}, as stored`} />}
      <figcaption>
        <span className="demo-preview-kind">{label}</span>
        {isUrl ? (
          <a href={value} target="_blank" rel="noreferrer">
            {value}
          </a>
        ) : (
          <code>file id {value}</code>
        )}
      </figcaption>
    </figure>
  );
}
