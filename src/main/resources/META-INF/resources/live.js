'use strict';
// The live page. Read-only: the groups come from the watch stream (Server-Sent Events), the
// subscription from GET /subscription, the deliveries per second from /q/metrics. No framework.
(() => {
    const STREAM = '/absence-groups/changes';
    const LANGUAGE_KEY = 'absence-groups-language';
    const $ = id => document.getElementById(id);

    const groups = new Map();      // id -> the group as the stream sent it
    const flashing = new Set();    // ids changed since the last render
    const languages = new Set();
    let language = localStorage.getItem(LANGUAGE_KEY) || '';
    let source = null;
    let lastId = '';               // the last event id: where a new connection resumes
    let synced = false;            // the initial state is complete
    let renderQueued = false;

    // --- the stream ------------------------------------------------------------------------------
    function connect() {
        // EventSource reconnects by itself after a network error or the end of a stream, with
        // Last-Event-ID; only a refusal (such as 503 while the service stops) closes it for good,
        // and then a new one resumes with after=
        const url = lastId ? `${STREAM}?after=${encodeURIComponent(lastId)}` : `${STREAM}?initial=true`;
        source = new EventSource(url);
        source.addEventListener('change', onChange);
        source.addEventListener('bookmark', onBookmark);
        source.addEventListener('expired', () => {
            // the cursor is from another run of the service (or too old): start over
            source.close();
            setState('expired', 'reloading');
            location.reload();
        });
        source.addEventListener('overflow', () => setState('reconnecting', 'this page read too slowly; resuming'));
        source.onopen = () => setState(synced ? 'live' : 'loading');
        source.onerror = () => {
            if (source.readyState === EventSource.CLOSED) {
                setState('reconnecting', 'refused; trying again in 3 s');
                setTimeout(connect, 3000);
            } else {
                setState('reconnecting');
            }
        };
    }

    function onChange(event) {
        const item = JSON.parse(event.data);
        const id = item.data.id;
        if (item.changeType === 'Delete') {
            groups.delete(id);
        } else {
            groups.set(id, item.data);
            Object.keys(item.data.name?.translations ?? {}).forEach(lang => languages.add(lang));
        }
        flashing.add(id);
        lastId = event.lastEventId;
        changesThisSecond++;
        queueRender();
    }

    function onBookmark(event) {
        const bookmark = JSON.parse(event.data);
        lastId = event.lastEventId;
        if (bookmark.initialEventsEnd) {
            synced = true;
            flashing.clear(); // the initial state is not news
            queueRender();
        }
        setState(synced ? 'live' : 'loading');
    }

    function setState(state, detail) {
        const element = $('stream-state');
        element.dataset.state = state;
        element.textContent = detail ? `${state} (${detail})` : state;
        $('stream-cursor').textContent = lastId ? `at ${lastId}` : '';
    }

    // --- the groups ------------------------------------------------------------------------------
    function queueRender() {
        if (!renderQueued) {
            renderQueued = true;
            requestAnimationFrame(renderGroups);
        }
    }

    /** As the service's ?lang=: the exact tag, then its primary language, then the default name. */
    function displayName(group) {
        const name = group.name;
        if (!name) {
            return '';
        }
        const translations = name.translations ?? {};
        if (language) {
            const found = translations[language] ?? translations[language.split('-')[0]];
            if (found !== undefined) {
                return found;
            }
        }
        return name.default ?? '';
    }

    function renderGroups() {
        renderQueued = false;
        const rows = document.createDocumentFragment();
        for (const group of [...groups.values()].sort((a, b) => a.id - b.id)) {
            const row = document.createElement('tr');
            row.dataset.id = group.id;
            for (const [text, css] of [[group.id, 'id'], [displayName(group), 'name'], [group.type ?? '', 'type'],
                [group.changeVersion, 'version']]) {
                const cell = document.createElement('td');
                cell.className = css;
                cell.textContent = text;
                row.appendChild(cell);
            }
            if (synced && flashing.has(group.id)) {
                row.className = 'changed';
            }
            rows.appendChild(row);
        }
        flashing.clear();
        $('group-rows').replaceChildren(rows);
        $('stream-cursor').textContent = lastId ? `at ${lastId}` : '';
        $('group-count').textContent = `(${groups.size})`;
        renderLanguages();
    }

    function renderLanguages() {
        const select = $('language');
        const known = new Set([...select.options].map(option => option.value));
        for (const lang of [...languages].sort()) {
            if (!known.has(lang)) {
                select.add(new Option(lang, lang));
            }
        }
        select.value = language;
    }

    $('language').addEventListener('change', event => {
        language = event.target.value;
        localStorage.setItem(LANGUAGE_KEY, language);
        renderGroups();
    });

    // --- the subscription --------------------------------------------------------------------------
    let subscription = null;
    let subscriptionError = null;

    async function pollSubscription() {
        try {
            const response = await fetch('/subscription', {headers: {Accept: 'application/json'}});
            if (!response.ok) {
                throw new Error(`GET /subscription answered ${response.status}`);
            }
            subscription = await response.json();
            subscriptionError = null;
        } catch (error) {
            subscriptionError = error.message;
        }
        renderSubscription();
    }

    /** "in 1m 05s" or "3s ago". */
    function relative(iso) {
        const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
        const size = Math.abs(seconds);
        const text = size >= 3600 ? `${Math.floor(size / 3600)}h ${String(Math.floor(size % 3600 / 60)).padStart(2, '0')}m`
            : size >= 60 ? `${Math.floor(size / 60)}m ${String(size % 60).padStart(2, '0')}s` : `${size}s`;
        return seconds === 0 ? 'now' : seconds > 0 ? `in ${text}` : `${text} ago`;
    }

    function when(iso) {
        return iso ? `${new Date(iso).toLocaleString()} (${relative(iso)})` : 'none yet';
    }

    function put(id, text, css) {
        const element = $(id);
        element.textContent = text;
        element.className = css ?? '';
    }

    function renderSubscription() {
        if (!subscription) {
            put('sub-state', subscriptionError ?? '…', subscriptionError ? 'bad' : '');
            return;
        }
        const s = subscription;
        put('sub-state', `${s.state}${s.ready ? ', ready' : ', not ready'}${s.reason ? `: ${s.reason}` : ''}`
            + (subscriptionError ? ` (last poll failed: ${subscriptionError})` : ''), s.ready ? 'good' : 'bad');
        const webhook = s.webhook;
        put('sub-webhook', webhook ? `${webhook.id} (${webhook.status})` : (s.state === 'OFF' ? 'none: the subscription is off' : 'none'));
        put('sub-valid', webhook ? when(webhook.validUntil) : '—',
            webhook && Date.parse(webhook.validUntil) < Date.now() ? 'bad' : '');
        put('sub-renewal', s.replacement ? 'a replacement is under way'
            : webhook?.nextRenewal ? `${Date.parse(webhook.nextRenewal) <= Date.now() ? 'due' : relative(webhook.nextRenewal)}`
                + ` (at ${new Date(webhook.nextRenewal).toLocaleTimeString()})` : '—');
        put('sub-delivery', when(s.lastDelivery));
        const sync = s.lastFullSync;
        put('sub-sync', sync ? `${sync.outcome} ${when(sync.finishedAt)}: ${sync.items} listed, ${sync.applied} applied, `
            + `${sync.removed} removed, ${sync.durationMillis} ms` : 'none yet', sync && sync.outcome !== 'COMPLETE' ? 'bad' : '');
        const error = s.lastError;
        // kept after recovery for the record: resolvedAt says it is history (docs/monitoring.md)
        put('sub-error', error ? `${when(error.at)} during ${error.during}: ${error.message}`
            + (error.resolvedAt ? ` (resolved ${when(error.resolvedAt)})` : '') : 'none', error && !error.resolvedAt ? 'bad' : '');
    }

    // --- deliveries per second ---------------------------------------------------------------------
    const bars = new Array(60).fill(0);
    let changesThisSecond = 0;
    let deliveriesBefore = null;   // absencegroups_webhook_deliveries_total at the last sample; null until the first
    let metricsReadable = true;

    async function sampleActivity() {
        let value = changesThisSecond;
        changesThisSecond = 0;
        if (metricsReadable) {
            try {
                const response = await fetch('/q/metrics');
                if (!response.ok) {
                    throw new Error(`${response.status}`);
                }
                const total = (await response.text()).split('\n')
                    .filter(line => line.startsWith('absencegroups_webhook_deliveries_total{'))
                    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
                value = deliveriesBefore === null ? 0 : Math.max(0, total - deliveriesBefore);
                deliveriesBefore = total;
            } catch (error) {
                // /q/metrics is not for everyone: count the changes the stream brings instead
                metricsReadable = false;
                $('chart-title').textContent = 'Changes per second (from the stream)';
                $('chart-note').textContent = `/q/metrics is not readable here (${error.message}): counting changes instead of deliveries`;
            }
        }
        bars.shift();
        bars.push(value);
        drawChart();
    }

    function drawChart() {
        const canvas = $('chart');
        const ratio = window.devicePixelRatio || 1;
        const width = canvas.clientWidth * ratio;
        const height = canvas.clientHeight * ratio;
        if (canvas.width !== width || canvas.height !== height) {
            canvas.width = width;
            canvas.height = height;
        }
        const context = canvas.getContext('2d');
        context.clearRect(0, 0, width, height);
        const top = Math.max(1, ...bars);
        const step = width / bars.length;
        context.fillStyle = '#2f81f7';
        bars.forEach((value, i) => {
            const bar = (height - 14 * ratio) * value / top;
            context.fillRect(i * step + 1, height - bar, Math.max(1, step - 2), bar);
        });
        context.fillStyle = '#6b7479';
        context.font = `${11 * ratio}px system-ui, sans-serif`;
        const summary = `max ${top}/s, now ${bars[bars.length - 1]}/s`;
        context.fillText(summary, 4 * ratio, 11 * ratio);
        canvas.setAttribute('aria-label', `${$('chart-title').textContent}, one bar a second: ${summary}`);
        canvas.dataset.max = String(Math.max(...bars));
    }

    setState('connecting');
    connect();
    pollSubscription();
    setInterval(pollSubscription, 3000);
    setInterval(renderSubscription, 1000);
    setInterval(sampleActivity, 1000);
    drawChart();
})();
