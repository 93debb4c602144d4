import { expectEventually, newAccount } from '@tandem/testing';
import type { Page } from 'playwright-core';

import { DESKTOP, PHONE, horizontalOverflow, openBrowser, screenshotPath, seriousViolations, type Browser } from './browser';
import { startSystem, type System } from './system';

interface AuthBody {
  user: { id: string };
  token: string;
}

/**
 * The web app as a person uses it, in Debian's Chromium against every service as its own process
 * (offline model): register by keyboard, chat to an accepted identity while the reply streams,
 * find a note, connect with a colleague, delete the account; then an admin's pages. Every page is
 * checked with axe-core, photographed (tmp/test-output/screenshots/), and checked at a phone's
 * width for sideways overflow.
 */
describe('web app in a browser', () => {
  let system: System;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    system = await startSystem({ SERVICE_TIMEOUT_MS: '5000' });
    browser = await openBrowser();
    page = browser.page;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const url = (path: string) => `${system.gatewayUrl}${path}`;
  const heading = (name: string) => page.getByRole('heading', { level: 1, name });

  /** Photographs the page, checks it with axe-core, then at a phone's size: no sideways overflow. */
  async function check(name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
    await page.setViewportSize(PHONE);
    expect({ page: name, overflow: await horizontalOverflow(page) }).toEqual({ page: name, overflow: 0 });
    await page.screenshot({ path: screenshotPath(`${name}-phone`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }

  const openPage = async (label: string, title: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
    await heading(title).waitFor();
  };

  const isFocused = (label: string) => page.getByLabel(label).evaluate((element) => element === element.ownerDocument.activeElement);

  /** GET through the browser's own session (its cookie), as the page would. */
  const fromSession = async <T>(path: string): Promise<T> => (await (await page.request.get(url(path))).json()) as T;
  const phase = async () => (await fromSession<{ currentPhase: string }>('/v1/coach-state')).currentPhase;

  /** Sends a message in the chat page and watches the reply being written; resolves with what was seen. */
  async function say(text: string): Promise<{ counts: number[]; streamed: string }> {
    await page.getByLabel('Your message').fill(text);
    // Record every step of the streaming reply as the page draws it: each change of its token count.
    await page.evaluate(`(() => {
      const seen = [];
      window.seen = seen;
      const note = (value) => {
        const count = Number(value ?? 0);
        if (count > 0 && seen.at(-1) !== count) seen.push(count);
      };
      new MutationObserver((records) => {
        for (const record of records) if (record.attributeName === 'data-tokens') note(record.oldValue);
        const element = document.querySelector('[data-testid="streaming-reply"]');
        if (element) {
          note(element.getAttribute('data-tokens'));
          window.streamed = element.textContent ?? '';
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-tokens'] });
    })()`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('streaming-reply').waitFor({ state: 'detached', timeout: 30_000 });
    await expect(page.getByRole('form', { name: 'Send a message' }).getByRole('alert').count()).resolves.toBe(0);
    return page.evaluate<{ counts: number[]; streamed: string }>('({ counts: window.seen, streamed: window.streamed })');
  }

  it('should take a new person from registration through the journey, memory and a colleague to the deletion of their account', async () => {
    // A colleague at the same company who knows database migrations (seeded through the API).
    const colleagueAccount = newAccount({ firstName: 'Grace', lastName: 'Hopper' });
    const colleague = (await system.api<AuthBody>('POST', '/v1/auth/register', { body: colleagueAccount })).body;
    const colleagueProfile = {
      company: 'Acme',
      department: 'Platform',
      role: 'Staff engineer',
      expertiseAreas: ['database migrations', 'postgresql'],
      availability: 'available',
      connectionOptIn: true,
    };
    expect((await system.api('PUT', '/v1/profile', { token: colleague.token, body: colleagueProfile })).status).toBe(200);

    // Log-in page, then registration, by keyboard alone.
    await page.goto(url('/'));
    await page.waitForURL((address) => address.pathname === '/login');
    await heading('Log in').waitFor();
    await check('01-login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await heading('Create your account').waitFor();
    // A page change moves focus to its heading.
    expect(await page.evaluate<string>('document.activeElement?.tagName')).toBe('H1');
    await check('02-register');

    // From a fresh load, by keyboard alone: the skip link first, then the form in order.
    const person = newAccount({ firstName: 'Ada', lastName: 'Lovelace' });
    await page.goto(url('/register'));
    await heading('Create your account').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await isFocused('Email')).toBe(true);
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    expect(await isFocused('Password')).toBe(true);
    await page.keyboard.type(person.password);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ada');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Lovelace');
    await page.keyboard.press('Enter');
    await heading('Chat with your coach').waitFor();
    const cookies = await browser.context.cookies(system.gatewayUrl);
    expect(cookies.find((cookie) => cookie.name === 'tandem_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await expectEventually(async () => expect(await phase()).toBe('GET_TO_KNOW_YOU'));
    await check('03-chat-empty');

    // The journey, in the chat: every reply is seen growing piece by piece.
    const answers = [
      'Hi! I work as an engineering manager at Acme.',
      'Most weeks are meetings, code reviews and firefighting for my team.',
      'I want to grow as a leader and stay calm under pressure at work.',
      'In a year I see myself leading my team with confidence and calm.',
    ];
    for (const answer of answers) {
      if ((await phase()) !== 'GET_TO_KNOW_YOU') break;
      const { counts, streamed } = await say(answer);
      expect(counts.length).toBeGreaterThan(1);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      // What streamed is what the conversation now shows as the coach's reply.
      await expectEventually(async () => expect(await page.getByRole('list', { name: 'Messages' }).locator('li.coach').last().locator('p').textContent()).toBe(streamed));
    }
    await expectEventually(async () => expect(await phase()).toBe('IDENTITY_CREATION'), { timeoutMs: 15_000 });
    await say('What kind of identity would fit me?');
    await expectEventually(async () => expect((await fromSession<{ proposedIdentityId: string | null }>('/v1/coach-state')).proposedIdentityId).not.toBeNull());
    await check('04-chat-journey');

    // The proposed identity, accepted on the coach page.
    await openPage('Coach', 'Your coaching and identities');
    const accept = page.getByRole('button', { name: /^Accept “/ });
    await accept.waitFor();
    await accept.click();
    await page.locator('.badge', { hasText: 'ACCEPTED' }).first().waitFor();
    await page.getByRole('button', { name: 'History' }).first().click();
    await page.getByRole('list', { name: 'Versions' }).waitFor();
    await check('05-coach');

    // Memory: the note about where they work is found by searching, among the notes and past messages.
    await openPage('Memory', 'What your coach remembers');
    await page.getByLabel('What are you looking for?').fill('engineering manager');
    await expectEventually(
      async () => {
        await page.getByRole('search', { name: 'Search memory' }).getByRole('button', { name: 'Search' }).click();
        const hits = await page.getByRole('list', { name: 'Memory search results' }).getByRole('listitem').allTextContents();
        expect(hits.some((hit) => /^note .*acme/i.test(hit))).toBe(true);
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    await check('06-memory');

    // Team: a profile, an organisation the colleague joins by invitation, and a suggestion to connect.
    await openPage('Team', 'Your team and colleagues');
    await page.getByLabel('Company').fill('Acme');
    await page.getByLabel('Role').fill('Engineering manager');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await page.getByLabel('Organisation name').fill('Acme');
    await page.getByRole('button', { name: 'Found it' }).click();
    await page.getByRole('button', { name: 'Invite a colleague' }).click();
    const invitation = (await page.getByTestId('invitation').textContent())!;
    expect((await system.api('POST', '/v1/organisations/join', { token: colleague.token, body: { invitation } })).status).toBe(200);
    await page.getByLabel('What would you like help with?').fill('Who could help me with our database migrations?');
    await page.getByRole('button', { name: 'Suggest colleagues' }).click();
    const connect = page.getByRole('button', { name: 'Connect with Grace Hopper' });
    await connect.waitFor({ timeout: 20_000 });
    await check('07-team');
    await connect.click();
    await page.getByRole('list', { name: 'Suggestions' }).locator('.badge', { hasText: 'connected' }).waitFor();
    await expectEventually(async () => {
      const { body } = await system.api<{ items: Array<{ requestor: { name: string | null }; status: string }> }>('GET', '/v1/connections/incoming', { token: colleague.token });
      expect(body.items).toEqual([expect.objectContaining({ requestor: expect.objectContaining({ name: 'Ada Lovelace' }), status: 'pending' })]);
    });

    // Progress: a goal and today's energy, drawn as a chart.
    await openPage('Progress', 'Your progress');
    await page.getByRole('textbox', { name: 'New goal' }).fill('Lead with calm');
    await page.getByRole('button', { name: 'Add goal' }).click();
    await page.getByText('Lead with calm').first().waitFor();
    await page.getByLabel('Energy now (1-10)').fill('7');
    await page.getByRole('button', { name: 'Log energy' }).click();
    await page.getByRole('img', { name: /Energy over the last 30 days: 7 out of 10/ }).waitFor();
    // Energy logged elsewhere (another device of the same session) reaches the open page on its live event stream.
    const { csrfToken } = await fromSession<{ csrfToken: string }>('/v1/auth/browser/session');
    expect((await page.request.post(url('/v1/energy'), { data: { level: 4 }, headers: { 'x-csrf-token': csrfToken } })).status()).toBe(201);
    await page.getByRole('img', { name: /Energy over the last 30 days: 7, 4 out of 10/ }).waitFor({ timeout: 15_000 });
    await check('08-progress');

    // Deleting the account: the erasure's progress, service by service, then the receipt.
    await openPage('Account', 'Your account');
    await check('09-account');
    await page.getByLabel('Your password').fill(person.password);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('list', { name: 'Erasure by service' }).waitFor();
    await page.screenshot({ path: screenshotPath('10-erasure-in-progress'), fullPage: true });
    await heading('Your account is deleted').waitFor({ timeout: 30_000 });
    await check('11-goodbye');
    expect((await page.request.get(url('/v1/me'))).status()).toBe(401);
  }, 300_000);

  it('should show an admin the prompts, knowledge and test scenarios, and log out', async () => {
    const admin = newAccount();
    expect((await system.api('POST', '/v1/auth/register', { body: admin })).status).toBe(201);
    await system.admin('grant', admin.email);

    await browser.context.clearCookies();
    await page.goto(url('/login'));
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Chat with your coach').waitFor();
    await openPage('Admin', 'Administration');
    await page.getByRole('table', { name: 'Prompt versions by phase' }).locator('tbody tr').first().waitFor();
    await check('12-admin');

    await openPage('Account', 'Your account');
    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in').waitFor();
    expect((await page.request.get(url('/v1/me'))).status()).toBe(401);
  }, 120_000);
});
