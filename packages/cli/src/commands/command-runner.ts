/** Runs one command's work and records its exit code (errors become one line on stderr). */
export type CommandRunner = (work: () => Promise<number>) => Promise<void>;
