import { escapeXml as h } from '../saml/xml-escape.util';
import { hiddenInput, HtmlPage } from './html-page.template';
import { PresetUser } from './preset-users';
import { LoginPageModel } from './sso.service';

function requestFields(model: LoginPageModel): string {
  return hiddenInput('requestId', model.requestId) + hiddenInput('RelayState', model.relayState);
}

function presetButton(user: PresetUser): string {
  const name = `${user.firstName} ${user.lastName}`;
  const groups = user.groups.join(', ') || 'no groups';
  return (
    `<li><button type="submit" name="preset" value="${h(user.key)}" ` +
    `data-testid="signin-${h(user.key)}">Sign in as ${h(name)}</button> ` +
    `<span class="muted">${h(user.email)} · ${h(groups)}</span></li>`
  );
}

function customUserForm(model: LoginPageModel): string {
  const input = (name: string, label: string, type: string, maxLength: number): string =>
    `<label>${label} <input name="${name}" type="${type}" maxlength="${maxLength}"` +
    `${name === 'groups' ? '' : ' required'} data-testid="custom-${name}"></label>`;

  return `<form method="post" action="/sso/complete">
${requestFields(model)}
${input('email', 'Email', 'email', 254)}
${input('firstName', 'First name', 'text', 100)}
${input('lastName', 'Last name', 'text', 100)}
${input('groups', 'Groups (comma-separated)', 'text', 2000)}
<button type="submit" data-testid="signin-custom">Sign in as this user</button>
</form>`;
}

/** The sign-in page: one button per preset user, and a form for anyone else. */
export function loginPage(model: LoginPageModel): HtmlPage {
  const buttons = model.users.map(presetButton).join('\n');
  return {
    title: 'Sign in - dev IdP',
    body: `<h1>Sign in</h1>
<p class="muted">Signing in to <code>${h(model.spEntityId)}</code></p>
<h2>Test users</h2>
<form method="post" action="/sso/complete">
${requestFields(model)}
<ul>
${buttons}
</ul>
</form>
<h2>Another user</h2>
${customUserForm(model)}`,
  };
}
