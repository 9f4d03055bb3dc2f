import {
  buildAppConfig,
  InvalidConfigurationError,
  loadIdpSettings,
  SamlConfig,
  samlConfigWith,
  validateEnvironment,
} from '@app/config';

type Environment = Record<string, string | undefined>;

/**
 * Fills the one required variable the SAML settings do not depend on. The check runs where an
 * administrator has the SAML settings at hand (a laptop with a copy of `.env`, a container
 * shell), which need not hold the frontend, database or signing-key settings.
 */
const UNRELATED_REQUIRED: Environment = { FRONTEND_REDIRECT_URIS: 'http://localhost/unused' };

export interface CheckConfiguration {
  saml: SamlConfig;
  /** Problems with variables other than SAML_*: the API would not start, the check can. */
  unrelatedProblems: string[];
}

/**
 * The SAML configuration the API would build from this environment, through the API's own
 * validation. Only SAML_* variables are read for it; a problem with one of them throws the
 * usual `InvalidConfigurationError`, which names every problem and echoes no secret. A metadata
 * URL is fetched once, as the API does at start.
 */
export async function checkConfiguration(env: Environment): Promise<CheckConfiguration> {
  const samlOnly = Object.fromEntries(Object.entries(env).filter(([name]) => isSaml(name)));
  const base = buildAppConfig(validateEnvironment({ ...samlOnly, ...UNRELATED_REQUIRED })).saml;
  const saml = samlConfigWith(base, await loadIdpSettings(base.idpSource));
  return { saml, unrelatedProblems: problemsOf(env).filter((problem) => !isSaml(problem)) };
}

function isSaml(nameOrProblem: string): boolean {
  return nameOrProblem.startsWith('SAML_');
}

function problemsOf(env: Environment): string[] {
  try {
    validateEnvironment(env);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      return error.problems;
    }
    throw error;
  }
}
