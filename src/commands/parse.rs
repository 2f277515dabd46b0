//! `trame parse`: the syntax stage's analysis of each sentence, in CoNLL-U
//! (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC), the
//! format every treebank tool reads. MISC holds the word's byte span in the
//! clean text. Words are cut as the pipeline cuts them: a hyphenated name
//! the gazetteer or the patterns know stays one word.

use std::io::Write;

use anyhow::Result;
use trame::syntax::Model;

/// Writes the parse of every sentence of `doc`.
pub fn write(
    out: &mut impl Write,
    doc_id: &str,
    text: &str,
    sentences: &[trame::sentences::Sentence],
    model: &Model,
) -> Result<()> {
    writeln!(out, "# newdoc id = {doc_id}")?;
    // One batch per article, the known names' hyphens kept, as the
    // pipeline parses.
    let ranges: Vec<_> = sentences.iter().map(|s| s.span.clone()).collect();
    let mentions = trame::mentions::find(text, sentences, trame::gazetteer::Gazetteer::builtin());
    let names = trame::syntax::tokens::outermost(mentions.into_iter().map(|m| m.span));
    for (s, tree) in sentences
        .iter()
        .zip(model.parse_all_keeping(text, &ranges, &names))
    {
        writeln!(out, "# sent_id = {doc_id}-{}", s.index)?;
        writeln!(out, "# text = {}", text[s.span.clone()].replace('\n', " "))?;
        for (i, w) in tree.words.iter().enumerate() {
            let head = if w.head == i { 0 } else { w.head + 1 };
            let feats = if w.morph.is_empty() { "_" } else { w.morph.as_str() };
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t_\t{}\t{}\t{}\t_\tSpan={}-{}",
                i + 1,
                &text[w.span.clone()],
                w.lemma,
                w.pos.name(),
                feats,
                head,
                w.dep,
                w.span.start,
                w.span.end
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
