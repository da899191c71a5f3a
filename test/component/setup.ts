import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from './server';

// findBy* / waitFor: a shared, busy machine can take more than the default second to settle an upload.
configure({ asyncUtilTimeout: 5000 });

// Any request no handler expects fails the test: uploads must go exactly where the presign said.
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
