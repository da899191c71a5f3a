// `media-uploader/testing`: msw handlers that behave like each provider's documented upload API.
// Imports only `msw` (never msw/node or node:*) so the same handlers run under setupServer and setupWorker.
//
//   const eachlabs = eachlabsMock({ now: () => clock });          // provider API + its storage
//   const server = setupServer(...eachlabs.handlers);             // or setupWorker(...) in Storybook
//   server.listen({ onUnhandledFrame: 'error' });
//   afterEach(() => eachlabs.reset());                            // eachlabs.calls / eachlabs.uploads to assert on
//
//   presignEndpointMock({ provider: 'modelroute', fail: 'upload-expired' })  // the app's own /api/presign route
export { apimodelsMock } from './apimodels';
export { eachlabsMock } from './eachlabs';
export { modelrouteMock } from './modelroute';
export { presignEndpointMock } from './presignEndpointMock';
export { prunaMock } from './pruna';
export type {
  MockCall,
  MockUpload,
  PresignEndpointFailure,
  PresignEndpointMockOptions,
  ProviderMock,
  ProviderMockOptions,
} from './types';
