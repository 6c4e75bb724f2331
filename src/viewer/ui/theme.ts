/**
 * Light and dark themes: the system's `prefers-color-scheme` until the user picks one with the
 * toggle; the pick is remembered in localStorage. The chosen theme is `data-theme` on <html>,
 * which the stylesheet reads.
 */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'genai-otel-viewer.theme';
const listeners = new Set<(theme: Theme) => void>();

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme in effect now. */
export function currentTheme(): Theme {
  return storedTheme() ?? systemTheme();
}

/** Applies the remembered or system theme; follows system changes while the user has not picked. */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = currentTheme();
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (storedTheme() === null) setDocumentTheme(systemTheme());
  });
}

/** Switches to the other theme and remembers the choice. */
export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, still applied.
  }
  setDocumentTheme(next);
  return next;
}

/** Calls `listener` whenever the theme changes (charts redraw in the new colours). */
export function onThemeChange(listener: (theme: Theme) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function setDocumentTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  for (const listener of listeners) listener(theme);
}
