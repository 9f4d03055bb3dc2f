import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of auth steps. Identifiers only (user, IdP, client address, request, session,
 * AuthnRequest); never a document, a secret or an email address. Read newest first by id and
 * deleted by age, hence the two indexes.
 */
export class AuditEvents1764892800000 implements MigrationInterface {
  name = 'AuditEvents1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        user_id uuid,
        idp_issuer text,
        client_ip text,
        request_id text,
        reason text,
        session_id uuid,
        authn_request_id text
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at)`,
    );
    await queryRunner.query(`CREATE INDEX audit_events_user_id_idx ON audit_events (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
  }
}
