// `npm run roster -- <command>`: the operator CLI for automation and tests.
import { z } from "zod";
import { closeDb } from "@/db/client";
import "./commands/index";
import { CliError, allCommands, findCommand, parseCommandArgs } from "./registry";

function help(): string {
  const lines = allCommands().map((c) => `  ${c.usage.padEnd(72)} ${c.summary}`);
  return ["Usage: npm run roster -- <command> [options]", "", "Commands:", ...lines, "", "Add --json for machine-readable output."].join("\n");
}

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    out(help());
    return argv.length === 0 ? 1 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Unknown command: ${argv.join(" ")}\n\n${help()}`);
    return 2;
  }
  const { values, positionals } = parseCommandArgs(found.command, found.rest);
  const json = values.json === true;
  try {
    await found.command.run.call(found.command, { values, positionals }, { json, out });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof z.ZodError) {
      console.error(error.issues.map((i) => i.message).join("\n"));
      return 2;
    }
    throw error;
  } finally {
    await closeDb();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
