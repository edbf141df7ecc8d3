// Runs one `roster` command (lib/cli) in the test's process, with its database, and answers
// the lines it printed.
import "@/lib/cli/commands";
import { findCommand, parseCommandArgs } from "@/lib/cli/registry";

export async function runCommand(argv: string[]): Promise<string[]> {
  const found = findCommand(argv);
  if (!found) throw new Error(`no command for ${argv.join(" ")}`);
  const { values, positionals } = parseCommandArgs(found.command, found.rest);
  const out: string[] = [];
  await found.command.run({ values, positionals }, { json: Boolean(values.json), out: (line) => out.push(line) });
  return out;
}
