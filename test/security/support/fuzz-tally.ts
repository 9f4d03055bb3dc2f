import { DestinationStream } from 'pino';

/** The API's log, reduced to the refusal reason of each request id as it is written. */
export class RefusalIndex implements DestinationStream {
  readonly reasons = new Map<string, string>();

  write(line: string): void {
    if (!line.includes('"saml_login_refused"')) {
      return;
    }
    const entry = JSON.parse(line) as { req?: { id?: string }; reason?: string };
    if (entry.req?.id) {
      this.reasons.set(entry.req.id, String(entry.reason));
    }
  }
}

/** Something a mutant did that no mutant may do, with what it takes to replay it. */
export interface Finding {
  seed: number;
  round: string;
  steps: string[];
  problem: string;
}

/** Counts of a fuzzing run, and what it found. */
export class FuzzTally {
  readonly findings: Finding[] = [];
  readonly statuses = new Map<number, number>();
  rounds = 0;
  /** Mutants that signed in, or would have, because what the signatures cover was unchanged. */
  passedUnchanged = 0;

  constructor(readonly seed: number) {}

  answered(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.rounds += 1;
  }

  found(round: string, steps: string[], problem: string): void {
    this.findings.push({ seed: this.seed, round, steps, problem });
  }

  summary(reasons: Iterable<string>): string {
    const statuses = JSON.stringify(Object.fromEntries(this.statuses));
    return (
      `fuzz: ${this.rounds} rounds, seed ${this.seed}, statuses ${statuses}, ` +
      `${this.passedUnchanged} unchanged mutants passed, reasons ${[...reasons].join(' ')}\n`
    );
  }
}
