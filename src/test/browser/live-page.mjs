// The live page in a real browser, against the packaged app (run.sh builds what is missing).
// 1. starts target/quarkus-app/quarkus-run.jar on a free port (test profile: static webhook key, no subscription);
// 2. opens / in headless Chromium and waits for the initial state;
// 3. sends signed deliveries and waits until the page shows the new names (and loses the deleted group);
// 4. stops the server and starts it again on the same port: the page's stream resumes with a cursor of the
//    old run, gets 'expired', reloads, and shows the new run's groups;
// 5. saves a screenshot to target/live-page.png.
// Fails loudly (exit 1) on any step, on a page error, and when Chromium is not at CHROMIUM (default /usr/bin/chromium).
import {spawn} from 'node:child_process';
import {createHmac} from 'node:crypto';
import {createServer} from 'node:net';
import {existsSync, mkdirSync, openSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const JAR = resolve(ROOT, 'target/quarkus-app/quarkus-run.jar');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// %test.protime.webhook.static-key in application.properties: signs test deliveries only, not a secret
const KEY = 'test-webhook-key-not-a-secret';
const WAIT = 60_000;

let server = null;
let browser = null;
let version = 1_000;

function step(text) {
    console.log(`[live page] ${text}`);
}

function freePort() {
    return new Promise((ok, fail) => {
        const probe = createServer();
        probe.unref();
        probe.on('error', fail);
        probe.listen(0, '127.0.0.1', () => {
            const {port} = probe.address();
            probe.close(() => ok(port));
        });
    });
}

async function startServer(port, run) {
    mkdirSync(resolve(ROOT, 'target'), {recursive: true});
    const log = openSync(resolve(ROOT, `target/browser-test-server-${run}.log`), 'w');
    const java = process.env.JAVA_HOME ? resolve(process.env.JAVA_HOME, 'bin/java') : 'java';
    server = spawn(java, ['-Dquarkus.profile=test', `-Dquarkus.http.port=${port}`, '-Dquarkus.shutdown.delay=0s', '-jar', JAR],
        {stdio: ['ignore', log, log]});
    const started = Date.now();
    while (Date.now() - started < WAIT) {
        if (server.exitCode !== null) {
            throw new Error(`the server exited with ${server.exitCode}; see target/browser-test-server-${run}.log`);
        }
        try {
            if ((await fetch(`http://127.0.0.1:${port}/q/health/ready`)).ok) {
                return;
            }
        } catch {
            // not listening yet
        }
        await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`the server did not get ready within ${WAIT / 1000} s`);
}

async function stopServer() {
    if (server && server.exitCode === null) {
        const exited = new Promise(r => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
    }
    server = null;
}

function upsert(id, name) {
    return {
        changeType: 'InsertOrUpdate',
        data: {id, changeVersion: (version++).toString(16).toUpperCase().padStart(20, '0'),
            name: {default: name, translations: {nl: `${name} (nl)`}}, type: id % 2 ? 'Absence' : 'WorkingElsewhere'}
    };
}

function remove(id) {
    return {changeType: 'Delete', data: {id, changeVersion: (version++).toString(16).toUpperCase().padStart(20, '0')}};
}

/** POSTs the items as one delivery, signed as myProtime signs: HMAC-SHA256 hex of the raw body. */
async function deliver(base, items) {
    const body = JSON.stringify(items);
    const signature = createHmac('sha256', KEY).update(body).digest('hex');
    const response = await fetch(`${base}/webhooks/absence-groups`, {
        method: 'POST', body, headers: {'Content-Type': 'application/json', 'X-Protime-Signature': signature}
    });
    if (response.status !== 200) {
        throw new Error(`the delivery got ${response.status}: ${await response.text()}`);
    }
}

/** Waits until the table holds exactly these id -> name rows. */
async function showsExactly(page, rows, what) {
    try {
        await page.waitForFunction(expected => {
            const shown = [...document.querySelectorAll('#group-rows tr')]
                .map(row => [row.dataset.id, row.querySelector('td.name').textContent]);
            return JSON.stringify(shown) === JSON.stringify(expected);
        }, Object.entries(rows).map(([id, name]) => [id, name]), {timeout: WAIT});
    } catch (error) {
        const shown = await page.$$eval('#group-rows tr', trs => trs.map(tr => `${tr.dataset.id}=${tr.querySelector('td.name').textContent}`));
        throw new Error(`the page did not show ${what} within ${WAIT / 1000} s: expected ${JSON.stringify(rows)}, shown ${JSON.stringify(shown)}`);
    }
    step(`the page shows ${what}`);
}

async function main() {
    if (!existsSync(JAR)) {
        throw new Error(`${JAR} is missing: build it with ./mvnw package (run.sh does)`);
    }
    if (!existsSync(CHROMIUM)) {
        throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (run.sh does), or set CHROMIUM`);
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    step(`starting the packaged app on port ${port}`);
    await startServer(port, 1);
    await deliver(base, [upsert(1, 'Sick'), upsert(2, 'Holiday'), upsert(3, 'Home office')]);

    browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--no-first-run'],
    });
    const page = await browser.newPage({viewport: {width: 1200, height: 900}});
    const pageErrors = [];
    page.on('pageerror', error => pageErrors.push(error.message));
    let reloads = 0;
    page.on('load', () => reloads++);

    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live', null, {timeout: WAIT});
    await showsExactly(page, {1: 'Sick', 2: 'Holiday', 3: 'Home office'}, 'the initial state');

    await page.selectOption('#language', 'nl');
    await showsExactly(page, {1: 'Sick (nl)', 2: 'Holiday (nl)', 3: 'Home office (nl)'}, 'the names in nl');
    await page.selectOption('#language', '');

    await deliver(base, [upsert(1, 'Sick leave'), remove(2)]);
    await deliver(base, [upsert(4, 'Training')]);
    await showsExactly(page, {1: 'Sick leave', 3: 'Home office', 4: 'Training'}, 'the delivered changes');
    await page.waitForFunction(() => document.getElementById('sub-state').textContent.startsWith('OFF'), null, {timeout: WAIT});
    await page.waitForFunction(() => document.getElementById('sub-delivery').textContent !== 'none yet', null, {timeout: WAIT});
    step('the page shows the subscription (off) and the last delivery');

    step('restarting the server on the same port');
    const loadsBefore = reloads;
    await stopServer();
    await startServer(port, 2);
    // a new run has an empty store: what it gets now is all the page may show
    await deliver(base, [upsert(5, 'After the restart'), upsert(3, 'Home office, again')]);
    await showsExactly(page, {3: 'Home office, again', 5: 'After the restart'}, 'the new run\'s groups');
    if (reloads <= loadsBefore) {
        throw new Error('the page did not reload after the restart (expected: expired, then a reload)');
    }
    await page.waitForFunction(() => document.getElementById('stream-state').dataset.state === 'live', null, {timeout: WAIT});
    await deliver(base, [upsert(6, 'Live again')]);
    await showsExactly(page, {3: 'Home office, again', 5: 'After the restart', 6: 'Live again'}, 'a change after the restart');

    // a few seconds of deliveries: the chart must count them
    for (let i = 0; i < 8; i++) {
        await deliver(base, [upsert(7 + (i % 2), `Burst ${i}`)]);
        await new Promise(r => setTimeout(r, 300));
    }
    await page.waitForFunction(() => Number(document.getElementById('chart').dataset.max) >= 1, null, {timeout: WAIT});
    step('the chart counts the deliveries');
    await page.screenshot({path: resolve(ROOT, 'target/live-page.png'), fullPage: true});
    step('screenshot: target/live-page.png');
    if (pageErrors.length) {
        throw new Error(`the page threw: ${pageErrors.join('; ')}`);
    }
}

try {
    await main();
    console.log('[live page] 1 passed, 0 failed');
} catch (error) {
    console.error(`[live page] FAILED: ${error.message}`);
    console.log('[live page] 0 passed, 1 failed');
    process.exitCode = 1;
} finally {
    await browser?.close().catch(() => {});
    await stopServer().catch(() => {});
}
