/** GET with a 10 s bound; the body parsed when it is JSON, and the text for failure messages. */
export async function fetchJson(url: string): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}
