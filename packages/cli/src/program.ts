import { Command, CommanderError } from 'commander';
import { brokerCommand } from './commands/broker-command.js';
import type { CommandRunner } from './commands/command-runner.js';
import { consumeCommand } from './commands/consume-command.js';
import { groupsCommand } from './commands/groups-command.js';
import { produceCommand } from './commands/produce-command.js';
import { topicsCommand } from './commands/topics-command.js';
import { describeError } from './errors/describe-error.js';
import type { CliIo } from './io/cli-io.js';

export const CLI_VERSION = '0.1.0';

/**
 * Runs `tributary <args>` (without the node and script arguments) and resolves with the exit
 * code: 0 on success, 1 on errors (one line on stderr; a stack trace only with --debug).
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const debug = args.includes('--debug');
  const run: CommandRunner = async (work) => {
    try {
      exitCode = await work();
    } catch (err) {
      io.stderr.write(describeError(err, debug));
      exitCode = 1;
    }
  };
  const program = buildProgram(io, run);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    // Commander already printed usage errors (and help/version) through configureOutput.
    if (err instanceof CommanderError) return err.exitCode;
    io.stderr.write(describeError(err, debug));
    return 1;
  }
  return exitCode;
}

/** The command tree; exposed so tests can inspect options without running anything. */
export function buildProgram(io: CliIo, run: CommandRunner): Command {
  const program = new Command('tributary')
    .description('Tributary: a Kafka-compatible broker and tools (flags mirror Kafka\'s scripts)')
    .version(CLI_VERSION)
    .option('--debug', 'print stack traces and client logs on stderr')
    .showHelpAfterError('(run with --help for usage)')
    // `tributary --debug <command>` means the same as `tributary <command> --debug`.
    .hook('preAction', (root, action) => {
      if (root.opts<{ debug?: boolean }>().debug === true && action !== root) action.setOptionValue('debug', true);
    });
  for (const sub of [brokerCommand(io, run), topicsCommand(io, run), produceCommand(io, run), consumeCommand(io, run), groupsCommand(io, run)]) {
    program.addCommand(sub);
  }
  configure(program, io);
  return program;
}

/** Every command reports through the CLI's io and throws instead of calling process.exit. */
function configure(cmd: Command, io: CliIo): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  // `--debug` works after the subcommand too.
  if (cmd.name() !== 'tributary' && cmd.commands.length === 0) cmd.option('--debug', 'print stack traces and client logs on stderr');
  for (const sub of cmd.commands) configure(sub, io);
}
