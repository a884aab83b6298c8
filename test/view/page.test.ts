// The page skeleton the report and the webview panel share: everything that is text is escaped, and the page is
// loadable as Node code (no DOM at module load: this test runs in Node).
import assert from 'node:assert/strict';
import { REPORT_THEME_CSS, TIMELINE_VIEW_CSS, escapeHtml, htmlPage } from '@plugbench/view/page';

describe('view: page', () => {
  it('escapes the five characters that end text or a quoted attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes the title and the policy, and puts head and body where they belong', () => {
    const html = htmlPage({
      csp: "default-src 'none'",
      title: 'x</title><script>',
      head: '<meta name="a">',
      body: '<div id="b"></div>',
    });
    assert.match(html, /^<!doctype html>\n/);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">`));
    assert.ok(html.includes('<meta name="a">\n<title>x&lt;/title&gt;&lt;script&gt;</title>\n</head>'));
    assert.ok(html.includes('<body>\n<div id="b"></div>\n</body>'));
    assert.ok(!htmlPage({ csp: '', title: '', body: '<p>' }).includes('\n\n'), 'no blank line without head elements');
  });

  it('gives the CSS of the view and of the report page', () => {
    assert.match(TIMELINE_VIEW_CSS, /\.pb-root/);
    assert.match(REPORT_THEME_CSS, /--vscode-editor-background/);
  });
});
