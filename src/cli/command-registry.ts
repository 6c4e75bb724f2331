/** One `genai-otel` sub-command. */
export interface CliCommand {
  /** One line for the command list in `genai-otel --help`. */
  readonly summary: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

/**
 * The commands, each required only when it is run. A command module exports `command`.
 * Add a line here for a new command.
 */
const COMMAND_MODULES: Readonly<Record<string, () => { command: CliCommand }>> = {
  view: () => require('./commands/view') as { command: CliCommand },
  doctor: () => require('./commands/doctor') as { command: CliCommand },
};

/** The names of every command, in the order `--help` lists them. */
export function commandNames(): string[] {
  return Object.keys(COMMAND_MODULES);
}

/** The command called `name`, or undefined when there is none. */
export function loadCommand(name: string): CliCommand | undefined {
  if (!Object.hasOwn(COMMAND_MODULES, name)) return undefined;
  return COMMAND_MODULES[name]?.().command;
}
