import { runSamlValidation } from './saml-validation.task';
import { lowerThreadPriority } from './thread-priority';

// Logins wait for this thread; guarded requests wait for the event loop. The loop goes first.
lowerThreadPriority();

/** Entry point of the validation threads (piscina calls the default export per task). */
export default runSamlValidation;
