import { expect } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { IdpSettingsSource, StaticIdpSettingsSource } from '@app/config';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { runInRequestContext } from './request-context';

const IDP = 'http://www.okta.example/exk-configured';

describe(AuditService.name, () => {
  let sut: AuditService;
  const insert = jest.fn<Promise<unknown>, [Partial<AuditEvent>[]]>();
  const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

  beforeEach(async () => {
    insert.mockReset().mockResolvedValue({});
    logged.mockClear();
    const moduleRef = await Test.createTestingModule({
      providers: [
        AuditService,
        { provide: getRepositoryToken(AuditEvent), useValue: { insert } },
        {
          provide: IdpSettingsSource,
          useValue: new StaticIdpSettingsSource({
            ssoUrl: `${IDP}/sso`,
            issuer: IDP,
            certificates: [],
          }),
        },
      ],
    }).compile();
    sut = moduleRef.get(AuditService);
  });

  afterAll(() => logged.mockRestore());

  it('adds the request id, client address and configured IdP to each record', async () => {
    runInRequestContext({ requestId: 'req-1', clientIp: '192.0.2.10' }, () =>
      sut.record({ type: 'logout', userId: 'user-1' }),
    );
    await sut.flush();
    expect(insert).toHaveBeenCalledWith([
      expect.objectContaining({
        type: 'logout',
        userId: 'user-1',
        idpIssuer: IDP,
        requestId: 'req-1',
        clientIp: '192.0.2.10',
        occurredAt: expect.any(Date),
      }),
    ]);
  });

  it('writes in the order events were recorded, one write at a time', async () => {
    let release: () => void = () => undefined;
    insert.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve({}))));
    sut.record({ type: 'saml_login_started' });
    sut.record({ type: 'saml_login_succeeded' });
    sut.record({ type: 'code_exchanged' });
    expect(insert).toHaveBeenCalledTimes(1);
    release();
    await sut.flush();
    const types = insert.mock.calls.flatMap(([rows]) => rows.map((row) => row.type));
    expect(types).toEqual(['saml_login_started', 'saml_login_succeeded', 'code_exchanged']);
    expect(insert).toHaveBeenCalledTimes(2);
  });

  it('never throws when the table cannot be written, and logs the whole event', async () => {
    insert.mockRejectedValue(new Error('relation "audit_events" does not exist'));
    expect(() =>
      sut.record({ type: 'saml_login_refused', reason: 'audience_mismatch' }),
    ).not.toThrow();
    await expect(sut.flush()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({
        event: 'audit_write_failed',
        audit: expect.objectContaining({ type: 'saml_login_refused', reason: 'audience_mismatch' }),
      }),
    );
    sut.record({ type: 'logout' });
    await sut.flush();
    expect(insert).toHaveBeenCalledTimes(2);
  });
});
