import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Storybook's Vite config: React only. Stories import the library from src/, as an app would import the package.
export default defineConfig({
  plugins: [react()],
});
