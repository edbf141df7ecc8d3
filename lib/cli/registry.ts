// The operator CLI's command registry: each command module registers itself here.
import { parseArgs, type ParseArgsConfig } from "node:util";

export type CliContext = { json: boolean; out: (line: string) => void };

export type Command = {
  /** Words that select the command, e.g. ["org", "create"]. */
  path: readonly string[];
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  run(input: { values: Record<string, string | boolean | undefined>; positionals: string[] }, ctx: CliContext): Promise<void>;
};

export class CliError extends Error {}

const commands: Command[] = [];

export function register(command: Command): void {
  commands.push(command);
}

export function allCommands(): readonly Command[] {
  return commands;
}

export function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands
    .filter((c) => c.path.every((word, i) => argv[i] === word))
    .sort((a, b) => b.path.length - a.path.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.path.length) } : undefined;
}

export function parseCommandArgs(command: Command, rest: string[]) {
  try {
    return parseArgs({
      args: rest,
      options: { ...command.options, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\nUsage: roster ${command.usage}`);
  }
}

/** A required string option, with a usage error when missing. */
export function requireOption(values: Record<string, string | boolean | undefined>, name: string, command: Command): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new CliError(`Missing --${name}.\nUsage: roster ${command.usage}`);
  }
  return value;
}
