import { hiddenInput, HtmlPage } from '../sso/html-page.template';
import { escapeXml as h } from '../saml/xml-escape.util';

/** A logout message on its way to the SP with the HTTP-POST binding. */
export interface LogoutPostModel {
  action: string;
  field: 'SAMLRequest' | 'SAMLResponse';
  /** The base64 of the signed message. */
  value: string;
  relayState: string | null;
}

/**
 * The HTTP-POST binding's delivery page (bindings §3.5.4), as for sign-in: a form the script
 * submits at once, with a button for browsers that run no script.
 */
export function logoutPostPage(model: LogoutPostModel): HtmlPage {
  return {
    title: 'Signing out - dev IdP',
    body: `<form id="saml-post" method="post" action="${h(model.action)}">
${hiddenInput(model.field, model.value)}
${hiddenInput('RelayState', model.relayState ?? undefined)}
<p>Returning to the application…</p>
<button type="submit" data-testid="continue">Continue</button>
</form>`,
    script: "document.getElementById('saml-post').submit();",
  };
}
