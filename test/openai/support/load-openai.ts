import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * CommonJS `require` for the openai packages. The real `openai` must be loaded through `require`
 * after the instrumentation is constructed, so that the require hook (what `--require
 * genai-otel/register` users get) patches it; the aliased majors (`openai-v4`…`openai-v6`) are
 * not named `openai`, so tests instrument them with `instrument()`.
 */
export const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

export type OpenAIModule = typeof import('openai');
