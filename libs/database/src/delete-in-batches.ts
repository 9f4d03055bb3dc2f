import { DataSource } from 'typeorm';

/** Rows deleted per statement: short transactions, no long lock on a busy table. */
const BATCH_SIZE = 1000;

/**
 * Deletes the rows of `table` whose `column` is at or before `cutoff`, a batch at a time, and
 * returns how many went. Safe with several instances cleaning at once: each batch takes its
 * rows with SKIP LOCKED, so concurrent cleaners share the work instead of waiting on each other.
 * `table` and `column` are identifiers from our own code, never from input.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  table: string,
  column: string,
  cutoff: Date,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result: unknown = await dataSource.query(
      `DELETE FROM ${table} WHERE ctid IN (
         SELECT ctid FROM ${table} WHERE ${column} <= $1
          LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED)`,
      [cutoff],
    );
    const count = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
    total += count;
    if (count < BATCH_SIZE) {
      return total;
    }
  }
}
