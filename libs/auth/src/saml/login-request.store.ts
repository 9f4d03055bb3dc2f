import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CacheProvider } from '@node-saml/node-saml';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/opaque-token';
import { rowsOf } from '../common/sql-rows';
import { LoginRequest } from './login-request.entity';

export interface NewLoginRequest {
  requestId: string;
  relayState: string;
  redirectUri: string;
  state: string | null;
  codeChallenge: string | null;
  ttlMs: number;
}

const LOGIN_REQUEST_COLUMNS = `id, request_id AS "requestId", relay_state_hash AS "relayStateHash",
  redirect_uri AS "redirectUri", state, code_challenge AS "codeChallenge",
  created_at AS "createdAt", expires_at AS "expiresAt"`;

/**
 * Login requests in Postgres. Also node-saml's InResponseTo cache: node-saml asks whether an
 * ID is outstanding; consuming it is done here, atomically, inside the ACS transaction.
 */
@Injectable()
export class LoginRequestStore implements CacheProvider {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(request: NewLoginRequest): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.query(
      `INSERT INTO login_requests (id, request_id, relay_state_hash, redirect_uri, state,
                                   code_challenge, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        request.requestId,
        sha256Hex(request.relayState),
        request.redirectUri,
        request.state,
        request.codeChallenge,
        now,
        new Date(now.getTime() + request.ttlMs),
      ],
    );
  }

  /**
   * Deletes and returns the login request that both the RelayState and the response's
   * InResponseTo point at. Deleting is what makes it single use: of two concurrent ACS posts,
   * only one gets the row.
   */
  async consume(
    manager: EntityManager,
    relayState: string,
    requestId: string | null,
  ): Promise<LoginRequest | null> {
    const result: unknown = await manager.query(
      `DELETE FROM login_requests
        WHERE relay_state_hash = $1 AND request_id IS NOT DISTINCT FROM $2 AND expires_at > $3
        RETURNING ${LOGIN_REQUEST_COLUMNS}`,
      [sha256Hex(relayState), requestId, this.clock.now()],
    );
    return rowsOf<LoginRequest>(result)[0] ?? null;
  }

  /** Whether a RelayState names a login that is still waiting for its response. */
  async isOpen(manager: EntityManager, relayState: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM login_requests WHERE relay_state_hash = $1 AND expires_at > $2`,
      [sha256Hex(relayState), this.clock.now()],
    );
    return rows.length > 0;
  }

  /** For a refused response: ends that sign-in attempt and returns where to send the browser. */
  async consumeByRelayState(relayState: string): Promise<LoginRequest | null> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM login_requests WHERE relay_state_hash = $1 RETURNING ${LOGIN_REQUEST_COLUMNS}`,
      [sha256Hex(relayState)],
    );
    return rowsOf<LoginRequest>(result)[0] ?? null;
  }

  /** node-saml: is this AuthnRequest ID outstanding? Answers with its creation instant. */
  async getAsync(requestId: string): Promise<string | null> {
    const rows: { createdAt: Date }[] = await this.dataSource.query(
      `SELECT created_at AS "createdAt" FROM login_requests
        WHERE request_id = $1 AND expires_at > $2`,
      [requestId, this.clock.now()],
    );
    return rows[0]?.createdAt.toISOString() ?? null;
  }

  /** node-saml: login requests are written by `create`, which also records the RelayState. */
  saveAsync(): Promise<null> {
    return Promise.reject(new Error('Login requests are created by LoginRequestStore.create'));
  }

  /** node-saml: removal happens in `consume`, inside the transaction that issues the code. */
  removeAsync(): Promise<null> {
    return Promise.resolve(null);
  }
}
