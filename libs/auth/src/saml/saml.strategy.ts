import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Profile, SAML } from '@node-saml/node-saml';
import { PassportSamlConfig, Strategy, VerifyWithoutRequest } from '@node-saml/passport-saml';
import { APP_CONFIG, AppConfig, SamlConfig, SamlConfigSource, samlConfigWith } from '@app/config';
import { Clock } from '../common/clock';
import { LoginRequestStore } from './login-request.store';
import { OffloadingSaml } from './offload/offloading-saml';
import { SamlValidationPool } from './offload/saml-validation.pool';
import { buildNodeSamlOptions, NO_CACHE } from './saml-options';
import { SamlRejection } from './saml-rejection';
import { sessionSubjectOf, SignedInAssertion } from './slo/saml-session';
import { withAcceptedEncryptionMethods } from './sp-metadata-encryption';
import { verifySamlAssertion } from './verify-saml-assertion';

export const SAML_STRATEGY = 'saml';

/**
 * passport-saml's strategy with only the sign-on callback, which is how Nest's mixin supplies
 * `validate`. Single logout messages are refused here; the ACS never routes them to passport.
 */
class SignOnSamlStrategy extends Strategy {
  constructor(options: PassportSamlConfig, signonVerify: VerifyWithoutRequest) {
    super(options, signonVerify, (_profile, done) =>
      done(new Error('Single logout is not enabled')),
    );
  }
}

/**
 * The passport strategy for Okta (or any SAML 2.0 IdP). At the ACS, passport-saml has node-saml
 * validate the signed response (on the validation threads); `validate` then applies our
 * remaining checks and hands the controller a `VerifiedAssertion`.
 */
@Injectable()
export class SamlStrategy extends PassportStrategy(SignOnSamlStrategy, SAML_STRATEGY) {
  /** Rebuilt when the IdP settings change; the validation threads get the options per task. */
  private inForce?: { saml: SamlConfig; node: OffloadingSaml };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly loginRequests: LoginRequestStore,
    private readonly validationPool: SamlValidationPool,
    private readonly samlConfig: SamlConfigSource,
  ) {
    super(constructionOptions(config, loginRequests));
    // Every use of the node-saml object (the ACS validation, SP metadata) goes through the one
    // made for the IdP settings in force, so refreshed metadata applies from the next request.
    Object.defineProperty(this, '_saml', { get: () => this.samlInForce(), configurable: true });
  }

  private samlInForce(): OffloadingSaml {
    const saml = this.samlConfig.current();
    if (this.inForce?.saml !== saml) {
      const options = buildNodeSamlOptions({
        saml,
        cacheProvider: this.loginRequests,
        allowUnsolicited: saml.idpInitiatedRedirectUri !== null,
      });
      const node = new OffloadingSaml(
        options,
        this.validationPool,
        saml.requireEncryptedAssertions,
      );
      this.inForce = { saml, node };
    }
    return this.inForce.node;
  }

  async validate(profile: Profile | null): Promise<SignedInAssertion> {
    if (!profile) {
      throw new SamlRejection('missing_identity', 'the response carried no assertion');
    }
    const assertion = verifySamlAssertion(profile, this.samlConfig.current(), this.clock.now());
    await this.checkInResponseTo(assertion.inResponseTo);
    return { ...assertion, session: sessionSubjectOf(profile, assertion.identity.issuer) };
  }

  /**
   * A response must answer a login request we issued and still hold (profiles §4.1.4.3); the
   * ACS transaction then consumes that request. Unsolicited responses (no InResponseTo in the
   * Response nor, as `verifySamlAssertion` has checked, in its bearer confirmation) are refused
   * unless IdP-initiated sign-in is configured.
   */
  private async checkInResponseTo(inResponseTo: string | null): Promise<void> {
    if (inResponseTo === null && this.config.saml.idpInitiatedRedirectUri !== null) {
      return;
    }
    if (inResponseTo === null) {
      throw new SamlRejection('in_response_to_invalid', 'InResponseTo is missing from response');
    }
    if (!(await this.loginRequests.getAsync(inResponseTo))) {
      throw new SamlRejection('in_response_to_invalid', 'InResponseTo is not valid');
    }
  }

  /**
   * The IdP redirect URL for a new AuthnRequest with our own request ID, which the caller has
   * stored with the login context. A per-call SAML object lets us choose that ID; it does no
   * I/O and nothing of it outlives the call.
   */
  async authorizeUrl(requestId: string, relayState: string): Promise<string> {
    const saml = new SAML({
      ...buildNodeSamlOptions({ saml: this.samlConfig.current(), cacheProvider: NO_CACHE }),
      validateInResponseTo: 'never' as SAML['options']['validateInResponseTo'],
      generateUniqueId: () => requestId,
    });
    return saml.getAuthorizeUrlAsync(relayState, undefined, {});
  }

  /** SP metadata: entity ID, ACS URL, NameID format, signing and encryption certificates. */
  metadata(): string {
    const saml = this.samlConfig.current();
    const xml = this.generateServiceProviderMetadata(
      saml.spDecryption?.certificatePem ?? null,
      saml.spSigning?.certificates,
    );
    return withAcceptedEncryptionMethods(xml, saml);
  }
}

/**
 * passport-saml makes a node-saml object in its constructor, which `_saml` then replaces for
 * good. The IdP settings may not be known yet (a metadata URL is fetched after construction),
 * and node-saml's constructor only needs a certificate list to exist.
 */
function constructionOptions(
  config: AppConfig,
  loginRequests: LoginRequestStore,
): PassportSamlConfig {
  const saml = samlConfigWith(config.saml, { ssoUrl: '', issuer: '', certificates: [] });
  return {
    ...buildNodeSamlOptions({ saml, cacheProvider: loginRequests }),
    passReqToCallback: false,
  };
}
