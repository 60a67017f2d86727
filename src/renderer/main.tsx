import './zod-config.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { installNavigationGuard } from './navigation-guard.ts';
import { useSessionStore } from './store/session-store.ts';
import { applyTheme, resolveTheme } from './theme/theme.ts';
import { storedThemeSetting } from './theme/use-theme.ts';

installNavigationGuard(window);

// Paint in the theme chosen last time before anything renders (settings load a moment later).
const bootTheme = storedThemeSetting();
useSessionStore.setState({ bootTheme });
applyTheme(document.documentElement, resolveTheme(bootTheme, window.matchMedia('(prefers-color-scheme: dark)').matches));

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
