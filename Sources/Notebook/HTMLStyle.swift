/// The page's inline style sheet: a reading column (with the table of contents beside it on wide screens, in
/// a collapsible block above the text on narrow ones), code that scrolls sideways on phones, light and dark
/// colours from `prefers-color-scheme`, and the syntax colours of `SwiftHighlighter`.
enum HTMLStyle {
    static let css = """
        :root{color-scheme:light dark;--bg:#f6f7f9;--paper:#fff;--fg:#1f2328;--muted:#5f6873;--line:#d8dee4;
        --code-bg:#f5f7fa;--code-edge:#4a6fa5;--accent:#0b5cad;--err-bg:#fdecea;--err-edge:#c0392b;
        --warn-bg:#fff6dc;--warn-edge:#b7791f;--warn-fg:#7a4d00;--row:#f7f9fb;
        --k:#9b2393;--s:#c41a16;--c:#5d6c79;--n:#1c00cf;--t:#0b4f79;--a:#815f03;--d:#643820}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--paper:#151a21;--fg:#e2e8ef;--muted:#9aa5b1;
        --line:#2f3742;--code-bg:#1b212a;--code-edge:#6d8fc7;--accent:#6cb2ff;--err-bg:#3a1618;--err-edge:#f0685c;
        --warn-bg:#33290f;--warn-edge:#d9a62e;--warn-fg:#f2cc6b;--row:#1a2029;
        --k:#fc5fa3;--s:#fc8b7d;--c:#8b98a5;--n:#d9c97c;--t:#6bdfff;--a:#d39b6a;--d:#fd9f5b}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%;scroll-padding-top:1rem}
        body{margin:0;background:var(--bg);color:var(--fg);line-height:1.55;
        font:17px/1.6 Charter,"Iowan Old Style","Source Serif Pro",Georgia,"DejaVu Serif",serif}
        .layout{max-width:58rem;margin:0 auto}
        main{background:var(--paper);padding:1.5rem 2.5rem 3rem;min-width:0;min-height:100vh}
        a{color:var(--accent)}
        h1,h2,h3,h4{line-height:1.25;font-family:system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif}
        h1{font-size:1.9rem;margin:.2rem 0 .4rem}h2{font-size:1.4rem;margin-top:2.2rem}h3{font-size:1.15rem}
        h2 .anchor,h3 .anchor,h4 .anchor{float:left;margin-left:-1.1em;padding-right:.3em;opacity:0;text-decoration:none;color:var(--muted)}
        h2:hover .anchor,h3:hover .anchor,h4:hover .anchor{opacity:1}
        header{border-bottom:1px solid var(--line);margin-bottom:1.2rem;padding-bottom:.6rem}
        .meta{color:var(--muted);font-size:.85rem;font-family:system-ui,sans-serif;margin:.2rem 0 .6rem}
        .meta code{white-space:nowrap}
        code,pre{font-family:ui-monospace,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace}
        p code,li code,td code{font-size:.86em;background:var(--code-bg);padding:.05em .3em;border-radius:3px}
        pre{font-size:.8rem;line-height:1.45;padding:.65rem .85rem;margin:.3rem 0;border-radius:5px;overflow-x:auto;tab-size:4}
        pre.code{background:var(--code-bg);border-left:3px solid var(--code-edge);white-space:pre}
        pre.out{background:var(--paper);border:1px solid var(--line);white-space:pre-wrap;overflow-wrap:anywhere}
        pre.stderr{background:var(--warn-bg);border:1px solid var(--warn-edge);color:var(--fg);white-space:pre-wrap;overflow-wrap:anywhere}
        .k{color:var(--k);font-weight:600}.s{color:var(--s)}.c{color:var(--c);font-style:italic}.n{color:var(--n)}
        .t{color:var(--t)}.a{color:var(--a)}.d{color:var(--d)}
        .cell{margin:1.1rem 0}
        .cell-head{font:.75rem ui-monospace,monospace;color:var(--muted);display:flex;gap:.6rem;align-items:baseline}
        .cell-head .timing{margin-left:auto}
        .cell-head .deps a{color:inherit}
        details.fold>summary{cursor:pointer;list-style:none;padding:.15rem 0}
        details.fold>summary::-webkit-details-marker{display:none}
        details.fold>summary .fold-label::before{content:"\\25B8\\00a0";display:inline-block}
        details.fold[open]>summary .fold-label::before{content:"\\25BE\\00a0"}
        details.fold>summary .fold-label{color:var(--accent);font-weight:600}
        .err{background:var(--err-bg);border-left:4px solid var(--err-edge);padding:.55rem .85rem;border-radius:4px;overflow-wrap:anywhere}
        .warn{color:var(--warn-fg)}.notrun{color:var(--muted);font-style:italic}
        .banner{margin:0 0 1.2rem;padding:.7rem 1rem;border-radius:6px;font-family:system-ui,sans-serif;font-size:.92rem;overflow-wrap:anywhere}
        .banner.err{border-left-width:5px}
        .banner.warnings{background:var(--warn-bg);border-left:5px solid var(--warn-edge)}
        .banner ul{margin:.3rem 0 0;padding-left:1.2rem}
        .table-wrap{overflow-x:auto;margin:.4rem 0}
        table{border-collapse:collapse;font-size:.85rem;font-family:system-ui,sans-serif;font-variant-numeric:tabular-nums}
        th,td{padding:.3rem .7rem;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
        th{border-bottom:2px solid var(--muted);font-weight:600}
        td.num,th.num{text-align:right}
        tbody tr:nth-child(even){background:var(--row)}
        table.params{margin:.4rem 0 .2rem}
        figure{margin:1.2rem 0;text-align:center}
        figure img{max-width:100%;height:auto;border-radius:4px;background:#fff}
        figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem;text-align:left;padding:0 .5rem}
        figcaption.fig-name{text-align:center;font-family:ui-monospace,monospace;font-size:.75rem}
        .fig-num{font-weight:700;color:var(--fg)}
        .inline-error,.xref-missing{color:var(--err-edge);border-bottom:1px dotted var(--err-edge)}
        .inline-missing{color:var(--muted)}
        a.xref{text-decoration:none;border-bottom:1px solid currentColor}
        .toc-side{display:none}
        .toc ul{list-style:none;margin:0;padding:0}.toc li{margin:.25rem 0}.toc li.l3{padding-left:.9rem;font-size:.92em}
        .toc a{color:var(--fg);text-decoration:none}.toc a:hover{color:var(--accent)}
        .toc-title{font:600 .75rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 .5rem}
        details.toc-inline{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;margin:0 0 1.2rem;font:.9rem system-ui,sans-serif}
        details.toc-inline>summary{cursor:pointer;font-weight:600;color:var(--muted)}
        details.toc-inline ul{margin-top:.4rem}
        @media (min-width:75rem){
        .layout{display:grid;grid-template-columns:14rem minmax(0,56rem);gap:2rem;max-width:74rem}
        .toc-side{display:block;position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto;
        padding:2rem 0 2rem 1rem;font:.86rem/1.4 system-ui,sans-serif}
        details.toc-inline{display:none}}
        @media (max-width:40rem){
        body{font-size:16px}
        main{padding:1rem 1rem 2rem}
        h1{font-size:1.5rem}h2{font-size:1.25rem}
        pre{font-size:.75rem;padding:.55rem .6rem}
        h2 .anchor,h3 .anchor,h4 .anchor{display:none}}
        @media print{body{background:#fff}.toc-side,details.toc-inline,.anchor{display:none}main{padding:0}}
        """
}
