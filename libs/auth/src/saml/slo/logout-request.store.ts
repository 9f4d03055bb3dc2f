import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { sha256Hex } from '../../common/opaque-token';
import { rowsOf } from '../../common/sql-rows';

export interface NewLogoutRequest {
  requestId: string;
  relayState: string;
  redirectUri: string;
  state: string | null;
  userId: string;
  ttlMs: number;
}

/** Where the browser goes once the IdP has answered our LogoutRequest. */
export interface OpenLogoutRequest {
  requestId: string;
  redirectUri: string;
  state: string | null;
  userId: string;
}

/**
 * Our LogoutRequests awaiting the IdP's LogoutResponse, like login requests: in Postgres, so
 * the answer may land on any instance, and consumed once, by RelayState and InResponseTo.
 */
@Injectable()
export class LogoutRequestStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(request: NewLogoutRequest): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.query(
      `INSERT INTO logout_requests (id, request_id, relay_state_hash, redirect_uri, state,
                                    user_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        request.requestId,
        sha256Hex(request.relayState),
        request.redirectUri,
        request.state,
        request.userId,
        now,
        new Date(now.getTime() + request.ttlMs),
      ],
    );
  }

  /** Deletes and returns the open request that both the RelayState and InResponseTo name. */
  async consume(relayState: string, requestId: string): Promise<OpenLogoutRequest | null> {
    const result: unknown = await this.dataSource.query(
      `DELETE FROM logout_requests
        WHERE relay_state_hash = $1 AND request_id = $2 AND expires_at > $3
        RETURNING request_id AS "requestId", redirect_uri AS "redirectUri", state,
                  user_id AS "userId"`,
      [sha256Hex(relayState), requestId, this.clock.now()],
    );
    return rowsOf<OpenLogoutRequest>(result)[0] ?? null;
  }
}
