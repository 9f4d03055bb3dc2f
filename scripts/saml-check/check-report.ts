import { SamlRejection, SamlValidationStep } from '@app/auth';
import { CheckContext, CHECKS, CheckDefinition, failsOn } from './check-list';

const STEPS: SamlValidationStep[] = ['document', 'node_saml', 'assertion'];
const INDENT = ' '.repeat(12);

export interface ValidationOutcome {
  passed: ReadonlySet<SamlValidationStep>;
  rejection: SamlRejection | null;
}

/**
 * One line per check: `ok` once its step has passed, `FAILED` with node-saml's or our message
 * and the usual fix, `-` when validation stopped before reaching it (the ACS stops at the
 * first refusal too).
 */
export function checkLines(context: CheckContext, outcome: ValidationOutcome): string[] {
  const failedStep = STEPS.find((step) => !outcome.passed.has(step)) ?? null;
  const { rejection } = outcome;
  const failed = (check: CheckDefinition): boolean =>
    rejection !== null && failedStep !== null && failsOn(check, rejection.reason, failedStep);

  const lines = CHECKS.flatMap((check) => {
    const expectation = `${check.name.padEnd(13)} ${check.expected(context)}`;
    if (failed(check)) {
      return [`  FAILED  ${expectation}`, ...refusalDetail(rejection, check.fix(context))];
    }
    return [`  ${outcome.passed.has(check.step) ? 'ok    ' : '-     '}  ${expectation}`];
  });
  if (rejection && !CHECKS.some(failed)) {
    lines.push(`  FAILED  ${'Other'.padEnd(13)} refused in step ${failedStep ?? '?'}`);
    lines.push(...refusalDetail(rejection, null));
  }
  return lines;
}

function refusalDetail(rejection: SamlRejection | null, fix: string | null): string[] {
  if (!rejection) {
    return [];
  }
  const lines = [`${INDENT}refused: ${rejection.message} (reason ${rejection.reason})`];
  if (rejection.idpStatus) {
    lines.push(`${INDENT}IdP status: ${rejection.idpStatus}`);
  }
  if (fix) {
    lines.push(`${INDENT}fix: ${fix}`);
  }
  return lines;
}
