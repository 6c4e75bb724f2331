/**
 * The viewer's `--token`, when it has one. The user opens the URL the CLI printed
 * (`…/?token=T`); the page keeps the token for the tab in sessionStorage and removes it from the
 * address bar, so it does not end up in bookmarks, screenshots or shared deep links.
 */
const STORAGE_KEY = 'genai-otel-viewer.token';

let token: string | null = null;

/** Reads `?token=` from the page URL (once, at start-up), remembers it and strips it from the URL. */
export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    token = fromUrl;
    try {
      sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still lives for this page.
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return;
  }
  try {
    token = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    token = null;
  }
}

/** The token for API calls, or null when the viewer runs without one. */
export function accessToken(): string | null {
  return token;
}
