import { escapeXml as h } from '../saml/xml-escape.util';
import { hiddenInput, HtmlPage } from './html-page.template';
import { AutoPostModel } from './sso.service';

/**
 * The HTTP-POST binding's delivery page (SAML Bindings §3.5.4): a form that the script
 * submits at once, with a button for browsers that run no script.
 */
export function autoPostPage(model: AutoPostModel): HtmlPage {
  return {
    title: 'Signing in - dev IdP',
    body: `<form id="saml-post" method="post" action="${h(model.acsUrl)}">
${hiddenInput('SAMLResponse', model.samlResponse)}
${hiddenInput('RelayState', model.relayState)}
<p>Returning to the application…</p>
<button type="submit" data-testid="continue">Continue</button>
</form>`,
    script: "document.getElementById('saml-post').submit();",
  };
}
