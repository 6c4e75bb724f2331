import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/run-node-app';

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Starts the example the way its README says, on an ephemeral port; resolves with its URL. */
function startExample(): Promise<string> {
  child = spawn(process.execPath, ['--import', 'genai-otel/register', 'examples/live-events/server.mjs'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve(match[1] as string);
    });
    child?.on('exit', (code) => reject(new Error(`example exited with ${code}\n${stderr}`)));
  });
}

/** Reads SSE frames from a fetch body until `until` returns true. */
async function readSse(body: ReadableStream<Uint8Array>, until: (type: string) => boolean) {
  const frames: Array<{ type: string; data: Record<string, unknown> }> = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const type = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (type && data) {
        frames.push({ type, data: JSON.parse(data) });
        if (until(type)) return frames;
      }
      end = buffered.indexOf('\n\n');
    }
  }
  return frames;
}

describe('examples/live-events', () => {
  it('streams a running agent’s events over SSE', async () => {
    const url = await startExample();
    const stream = await fetch(`${url}/events`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reading = readSse(stream.body as ReadableStream<Uint8Array>, (type) => type === 'agent.finish');
    const answer = await (await fetch(`${url}/ask`, { method: 'POST' })).text();
    const frames = await reading;

    expect(answer).toContain('Paris');
    const types = frames.map((frame) => frame.type);
    expect(types[0]).toBe('agent.start');
    expect(types.at(-1)).toBe('agent.finish');
    expect(types.filter((type) => type === 'llm.end')).toHaveLength(2);
    expect(types.filter((type) => type === 'llm.first_token')).toHaveLength(2);
    expect(types.filter((type) => type === 'agent.action')).toHaveLength(2);
    expect(types.filter((type) => type === 'tool.end')).toHaveLength(2);
    const firstEnd = frames.find((frame) => frame.type === 'llm.end')?.data;
    expect(firstEnd).toMatchObject({
      responseModel: 'gpt-4o-mini-2024-07-18',
      cost: { source: 'genai-prices' },
    });
  }, 60_000);
});
