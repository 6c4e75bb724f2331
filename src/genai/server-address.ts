/** `server.address` and `server.port` of an API base URL. */
export interface ServerAddress {
  address: string;
  port: number;
}

/**
 * Parses a base URL such as `https://api.openai.com/v1` into `server.address`/`server.port`; the
 * port defaults by scheme, because the conventions ask for it whenever the address is set.
 * Returns undefined for anything that is not an absolute http(s) URL.
 */
export function serverAddressFromUrl(baseUrl: unknown): ServerAddress | undefined {
  if (typeof baseUrl !== 'string' || baseUrl === '') return undefined;
  // An app talks to one or two endpoints; remembering the last one saves a URL parse per call.
  if (baseUrl === lastUrl) return lastResult;
  const result = parse(baseUrl);
  lastUrl = baseUrl;
  lastResult = result;
  return result;
}

let lastUrl: string | undefined;
let lastResult: ServerAddress | undefined;

function parse(baseUrl: string): ServerAddress | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  // URL keeps IPv6 brackets in hostname; server.address wants the bare address.
  const address = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { address, port };
}
