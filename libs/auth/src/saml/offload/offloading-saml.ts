import { SAML, SamlConfig } from '@node-saml/node-saml';
import { SamlValidationPool, ValidatedResponse } from './saml-validation.pool';

/**
 * The node-saml object passport-saml calls at the ACS, with validation handed to the pool.
 * Everything else (metadata, request URLs) is node-saml's own.
 */
export class OffloadingSaml extends SAML {
  private readonly taskOptions: SamlConfig;

  constructor(
    options: SamlConfig,
    private readonly pool: SamlValidationPool,
    private readonly requireEncryptedAssertion = false,
  ) {
    super(options);
    // The cache provider holds a database handle; threads get plain options only.
    const { cacheProvider: _omitted, ...plain } = options;
    this.taskOptions = plain;
  }

  override validatePostResponseAsync(
    container: Record<string, string>,
  ): Promise<ValidatedResponse> {
    return this.pool.validate({
      options: this.taskOptions,
      samlResponse: container.SAMLResponse,
      requireEncryptedAssertion: this.requireEncryptedAssertion,
    });
  }
}
