import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single logout. `saml_sessions` keeps what an IdP's LogoutRequest names a session by (the
 * NameID with its qualifiers, and the SessionIndex, SAML core §3.7.1); the one-time code and then
 * the refresh family point at it. `logout_requests` are our LogoutRequests awaiting the IdP's
 * answer, `seen_logout_requests` the IdP's LogoutRequest IDs kept against replay.
 */
export class SingleLogout1765152000000 implements MigrationInterface {
  name = 'SingleLogout1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE saml_sessions (
        id uuid PRIMARY KEY,
        issuer text NOT NULL,
        name_id text NOT NULL,
        name_id_format text,
        name_qualifier text,
        sp_name_qualifier text,
        session_index text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX saml_sessions_subject_idx ON saml_sessions (issuer, name_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX saml_sessions_expires_at_idx ON saml_sessions (expires_at)`,
    );
    await queryRunner.query(`
      ALTER TABLE authorization_codes
        ADD COLUMN saml_session_id uuid REFERENCES saml_sessions (id) ON DELETE SET NULL`);
    await queryRunner.query(`
      ALTER TABLE refresh_token_families
        ADD COLUMN saml_session_id uuid REFERENCES saml_sessions (id) ON DELETE SET NULL`);
    await queryRunner.query(
      `CREATE INDEX refresh_token_families_saml_session_id_idx
         ON refresh_token_families (saml_session_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE logout_requests (
        id uuid PRIMARY KEY,
        request_id text NOT NULL,
        relay_state_hash char(64) NOT NULL,
        redirect_uri text NOT NULL,
        state text,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT logout_requests_request_id_key UNIQUE (request_id),
        CONSTRAINT logout_requests_relay_state_hash_key UNIQUE (relay_state_hash)
      )`);
    await queryRunner.query(
      `CREATE INDEX logout_requests_expires_at_idx ON logout_requests (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE seen_logout_requests (
        issuer text NOT NULL,
        request_id text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, request_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX seen_logout_requests_expires_at_idx ON seen_logout_requests (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE seen_logout_requests`);
    await queryRunner.query(`DROP TABLE logout_requests`);
    await queryRunner.query(`ALTER TABLE refresh_token_families DROP COLUMN saml_session_id`);
    await queryRunner.query(`ALTER TABLE authorization_codes DROP COLUMN saml_session_id`);
    await queryRunner.query(`DROP TABLE saml_sessions`);
  }
}
