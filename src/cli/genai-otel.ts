#!/usr/bin/env node
/**
 * The `genai-otel` command: `genai-otel <command> [options]`. Each command lives in
 * `src/cli/commands/<name>.ts` and is loaded only when asked for, so `genai-otel doctor` never
 * pays for the viewer's code and the other way round.
 */
import { commandNames, loadCommand } from './command-registry';

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const command = loadCommand(name);
  if (command === undefined) {
    process.stderr.write(`genai-otel: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

function usage(): string {
  const lines = commandNames().map(
    (name) => `  genai-otel ${name.padEnd(8)} ${loadCommand(name)?.summary ?? ''}`,
  );
  return `Usage: genai-otel <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun a command with --help for its options.\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`genai-otel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
