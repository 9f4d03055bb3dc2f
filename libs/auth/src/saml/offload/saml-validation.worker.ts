import { runSamlValidation } from './saml-validation.task';

/** Entry point of the validation threads (piscina calls the default export per task). */
export default runSamlValidation;
