public import Foundation
import IndexCore

extension TestSupport {
    /// A headless Chromium driven over the DevTools protocol (`--remote-debugging-pipe`, Python's
    /// standard library only): for each URL it sets the viewport, loads the page, waits for it,
    /// evaluates a JavaScript expression and reports the value, the console's errors and uncaught
    /// exceptions, as one JSON object per URL.
    ///
    /// - Parameters:
    ///   - urls: the pages.
    ///   - width: the viewport's width in CSS pixels (390 = a phone).
    ///   - expression: JavaScript whose value (JSON-serialisable) is reported as `value`.
    ///   - screenshots: a folder to save a PNG of each page in (`page0.png`, …), or `nil`.
    /// - Returns: per URL, `["url", "value", "errors"]`.
    public static func browse(
        _ urls: [String],
        width: Int,
        expression: String,
        screenshots: URL? = nil
    ) throws -> [[String: Any]] {
        guard
            let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw IndexError("Chromium is needed for this test (.ci/run installs Debian's chromium)")
        }
        let job: [String: Any] = [
            "chromium": chromium, "urls": urls, "width": width, "expression": expression,
            "screenshots": screenshots?.path ?? "",
        ]
        let data = try JSONSerialization.data(withJSONObject: job)
        let output = try python(browserScript, [String(decoding: data, as: UTF8.self)])
        guard let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] else {
            throw IndexError("the browser probe printed no result: \(output.prefix(300))")
        }
        return parsed
    }

    static let browserScript = #"""
        import base64, json, os, subprocess, sys, tempfile, time
        job = json.loads(sys.argv[1])
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        profile = tempfile.mkdtemp()
        def fds():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)
        proc = subprocess.Popen([job['chromium'], '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                                 '--hide-scrollbars', '--remote-debugging-pipe', '--user-data-dir=' + profile, 'about:blank'],
                                preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r); os.close(from_child_w)
        out = os.fdopen(to_child_w, 'wb'); inp = os.fdopen(from_child_r, 'rb')
        buffer = b''; counter = [0]; events = []
        def read_message():
            global buffer
            while b'\0' not in buffer:
                chunk = inp.read1(65536)
                if not chunk: raise SystemExit('chromium closed the pipe')
                buffer += chunk
            message, buffer = buffer.split(b'\0', 1)
            return json.loads(message)
        def send(method, params=None, session=None):
            counter[0] += 1
            message = {'id': counter[0], 'method': method, 'params': params or {}}
            if session: message['sessionId'] = session
            out.write(json.dumps(message).encode() + b'\0'); out.flush()
            while True:
                reply = read_message()
                if reply.get('id') == counter[0]:
                    if 'error' in reply: raise SystemExit(method + ': ' + json.dumps(reply['error']))
                    return reply.get('result', {})
                events.append(reply)
        def wait_for(method, session, timeout=30):
            deadline = time.time() + timeout
            while time.time() < deadline:
                for index, event in enumerate(events):
                    if event.get('method') == method and event.get('sessionId') == session:
                        del events[index]; return event
                events.append(read_message())
            raise SystemExit('timed out waiting for ' + method)
        results = []
        for number, url in enumerate(job['urls']):
            target = send('Target.createTarget', {'url': 'about:blank'})['targetId']
            session = send('Target.attachToTarget', {'targetId': target, 'flatten': True})['sessionId']
            send('Page.enable', session=session); send('Runtime.enable', session=session)
            send('Emulation.setDeviceMetricsOverride', {'width': job['width'], 'height': 900, 'deviceScaleFactor': 1,
                 'mobile': job['width'] < 600}, session=session)
            del events[:]
            send('Page.navigate', {'url': url}, session=session)
            wait_for('Page.loadEventFired', session)
            time.sleep(0.2)
            value = send('Runtime.evaluate', {'expression': job['expression'], 'returnByValue': True, 'awaitPromise': True},
                         session=session).get('result', {}).get('value')
            errors = []
            for event in events:
                if event.get('sessionId') != session: continue
                if event.get('method') == 'Runtime.exceptionThrown':
                    errors.append(event['params']['exceptionDetails'].get('text', 'exception'))
                if event.get('method') == 'Runtime.consoleAPICalled' and event['params'].get('type') == 'error':
                    errors.append(' '.join(str(a.get('value', '')) for a in event['params'].get('args', [])))
                if event.get('method') == 'Log.entryAdded' and event['params']['entry'].get('level') == 'error':
                    errors.append(event['params']['entry'].get('text', ''))
            if job['screenshots']:
                shot = send('Page.captureScreenshot', {'format': 'png', 'captureBeyondViewport': True}, session=session)
                with open(os.path.join(job['screenshots'], 'page%d.png' % number), 'wb') as f:
                    f.write(base64.b64decode(shot['data']))
            results.append({'url': url, 'value': value, 'errors': errors})
            send('Target.closeTarget', {'targetId': target})
        try:
            send('Browser.close')
        except SystemExit:
            pass
        proc.wait(timeout=10)
        print(json.dumps(results))
        """#
}
