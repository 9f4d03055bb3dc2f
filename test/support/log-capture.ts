import { DestinationStream } from 'pino';

/** Collects the API's JSON log lines (pass it as `startApi({ logDestination })`). */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  events(): string[] {
    return this.entries()
      .map((entry) => entry.event)
      .filter((event): event is string => typeof event === 'string');
  }

  /** The entries logged while serving the request with this `X-Request-Id`. */
  forRequest(requestId: string): Record<string, unknown>[] {
    const tagged = `"id":${JSON.stringify(requestId)}`;
    return this.lines
      .filter((line) => line.includes(tagged))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
