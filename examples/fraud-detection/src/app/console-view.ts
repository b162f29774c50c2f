import type { FraudAlert } from '../domain/alert.js';

const COLORS: { readonly [reason: string]: string } = {
  velocity: '\x1b[33m', 'amount-anomaly': '\x1b[35m', 'impossible-travel': '\x1b[31m', 'blocked-card': '\x1b[1m', 'risky-merchant': '\x1b[32m',
};

/** Writes alerts as they arrive and keeps one progress line at the bottom of a terminal. */
export class ConsoleView {
  private readonly tty: boolean;
  private lastPlainProgress = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    this.tty = out.isTTY === true;
  }

  line(text: string): void {
    this.out.write(this.tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }

  alert(a: FraudAlert): void {
    const time = new Date(a.timestamp).toISOString().slice(11, 19);
    const reason = a.reason.padEnd(17);
    const colored = this.tty ? `${COLORS[a.reason] ?? ''}${reason}\x1b[0m` : reason;
    this.line(`ALERT ${time}  ${colored} ${a.cardId}  ${a.summary}`);
  }

  /** On a terminal the progress line is redrawn in place; elsewhere it is printed every 5 s. */
  progress(text: string): void {
    if (this.tty) this.out.write(`\r\x1b[2K\x1b[2m${text}\x1b[0m`);
    else if (Date.now() - this.lastPlainProgress >= 5000) {
      this.lastPlainProgress = Date.now();
      this.out.write(`${text}\n`);
    }
  }
}
