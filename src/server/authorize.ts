// The app's authorize hook, shared by both handlers: true passes, false is 403, a Response is answered, a throw is 401.
import { HttpError } from './errors';

type Verdict = boolean | Response | Promise<boolean | Response>;

/** Runs the hook; resolves to the app's own Response to answer, or undefined to go on. */
export async function runAuthorize(check: () => Verdict): Promise<Response | undefined> {
  let verdict: boolean | Response;
  try {
    verdict = await check();
  } catch {
    // The app's error may name users or sessions: answer a plain 401, say nothing more.
    throw new HttpError(401, 'unauthorized', 'Sign in to upload files.');
  }
  if (verdict instanceof Response) return verdict;
  if (verdict !== true) throw new HttpError(403, 'forbidden', 'You are not allowed to upload files here.');
  return undefined;
}
