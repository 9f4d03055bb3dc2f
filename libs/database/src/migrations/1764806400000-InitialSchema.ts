import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, and the short-lived state of a sign-in: login requests (AuthnRequest ID and RelayState,
 * consumed once by the ACS), seen assertion IDs (replay refusal until they expire), one-time
 * codes and refresh tokens (stored as SHA-256 hashes, refresh tokens in rotation families).
 */
export class InitialSchema1764806400000 implements MigrationInterface {
  name = 'InitialSchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        issuer text NOT NULL,
        name_id text NOT NULL,
        email text,
        first_name text,
        last_name text,
        groups text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_login_at timestamptz NOT NULL,
        CONSTRAINT users_issuer_name_id_key UNIQUE (issuer, name_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE login_requests (
        id uuid PRIMARY KEY,
        request_id text NOT NULL,
        relay_state_hash char(64) NOT NULL,
        redirect_uri text NOT NULL,
        state text,
        code_challenge text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT login_requests_request_id_key UNIQUE (request_id),
        CONSTRAINT login_requests_relay_state_hash_key UNIQUE (relay_state_hash)
      )`);
    await queryRunner.query(
      `CREATE INDEX login_requests_expires_at_idx ON login_requests (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE seen_assertions (
        issuer text NOT NULL,
        assertion_id text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, assertion_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX seen_assertions_expires_at_idx ON seen_assertions (expires_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE refresh_token_families (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await queryRunner.query(
      `CREATE INDEX refresh_token_families_user_id_idx ON refresh_token_families (user_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query(
      `CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE authorization_codes (
        id uuid PRIMARY KEY,
        code_hash char(64) NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        redirect_uri text NOT NULL,
        code_challenge text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        refresh_family_id uuid REFERENCES refresh_token_families (id) ON DELETE SET NULL,
        CONSTRAINT authorization_codes_code_hash_key UNIQUE (code_hash)
      )`);
    await queryRunner.query(
      `CREATE INDEX authorization_codes_expires_at_idx ON authorization_codes (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE authorization_codes`);
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE refresh_token_families`);
    await queryRunner.query(`DROP TABLE seen_assertions`);
    await queryRunner.query(`DROP TABLE login_requests`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
