import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/run-node-app';
import { binaryPath, JAEGER, OTELCOL, TEMPO } from './backends/backend-builds';

/**
 * docker-compose.yml and deploy/ are for users, who run them in Docker; there is no Docker engine
 * here. The same binaries the suite builds load the same config files, so a config that would not
 * start in the containers fails here, and the compose file must name the versions tested.
 */
const DEPLOY = join(PROJECT_ROOT, 'deploy');
const COMPOSE = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');

function runBinary(binary: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const child = spawn(binary, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

function composeImageTag(image: string): string | undefined {
  return new RegExp(`image: ${image.replace(/[/.]/g, '\\$&')}:(\\S+)`).exec(COMPOSE)?.[1];
}

describe('deploy/ configs load in the binaries the suite tests', () => {
  it('Tempo verifies deploy/tempo.yaml', async () => {
    const result = await runBinary(binaryPath(TEMPO), [
      `-config.file=${join(DEPLOY, 'tempo.yaml')}`,
      '-config.verify=true',
    ]);
    expect(result).toMatchObject({ code: 0 });
  });

  it('the collector validates deploy/otel-collector.yaml', async () => {
    const result = await runBinary(binaryPath(OTELCOL), [
      'validate',
      `--config=${join(DEPLOY, 'otel-collector.yaml')}`,
    ]);
    expect(result).toMatchObject({ code: 0 });
  });

  it('Jaeger validates deploy/jaeger.yaml', async () => {
    const result = await runBinary(binaryPath(JAEGER), [
      'validate',
      `--config=${join(DEPLOY, 'jaeger.yaml')}`,
    ]);
    expect(result).toMatchObject({ code: 0 });
  });
});

describe('docker-compose.yml', () => {
  it('runs the versions the suite tests', () => {
    expect({
      jaeger: composeImageTag('jaegertracing/jaeger'),
      tempo: composeImageTag('grafana/tempo'),
      collector: composeImageTag('otel/opentelemetry-collector'),
    }).toEqual({ jaeger: '2.13.0', tempo: '2.8.2', collector: OTELCOL.version.slice(1) });
  });

  it('mounts config files that exist', () => {
    const mounts = [...COMPOSE.matchAll(/- \.\/(deploy\/[^:]+):/g)].map((match) => match[1] as string);
    expect(mounts.sort()).toEqual([
      'deploy/grafana/provisioning',
      'deploy/jaeger.yaml',
      'deploy/otel-collector.yaml',
      'deploy/tempo.yaml',
    ]);
    for (const mount of mounts) expect(existsSync(join(PROJECT_ROOT, mount)), mount).toBe(true);
  });
});
