// The one msw server the component tests share; each test adds its handlers with server.use().
import { setupServer } from 'msw/node';

export const server = setupServer();
