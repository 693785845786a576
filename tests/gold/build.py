"""Rebuild mentions.jsonl from labels.py: python tests/gold/build.py processed/documents.parquet

A label's date is the event's own (YYYY, YYYY-MM or YYYY-MM-DD, from the text), or None for the
publication day, or 'month' / 'year' for the publication month or year."""
import json, sys
from pathlib import Path
import pandas as pd
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from labels import L
d=pd.read_parquet(sys.argv[1] if len(sys.argv) > 1 else 'processed/documents.parquet')
k=d[d.duplicate_of.isna()].reset_index(drop=True)
TR=str.maketrans({'’':"'",'‘':"'",'“':'"','”':'"','–':'-'})
out=[]; errs=0
for i,(di,ev,typ,date,ppl,orgs,locs,slug) in enumerate(L):
    r=k.iloc[di]
    found=None
    for field in ('title','text'):
        src=r[field]
        if not isinstance(src,str): continue
        n=src.translate(TR); e=ev.translate(TR)
        p=n.find(e)
        if p>=0:
            found=src[p:p+len(e)]; break
    if found is None:
        print('NOT FOUND',di,ev[:60]); errs+=1; continue
    if date is None:  # the item's own act: the publication day
        date=r.published; prec=r.published_precision; frm='published'
    elif date in ('month','year'):  # a reported occurrence with no date of its own: the publication month (news) or year (index entries)
        prec=date; date=r.published[:{'month':7,'year':4}[date]]; frm='published'
    else:
        prec={10:'day',7:'month',4:'year'}[len(date)]; frm='text'
    out.append(dict(doc_id=r.doc_id,url=r.url,evidence=found,event_type=typ,date=date,precision=prec,date_from=frm,
                    people=ppl,organisations=orgs,locations=locs,event=slug,_di=di,_i=i))
# document order: by kept-doc index, then position of evidence (title first)
def pos(m):
    r=k.iloc[m['_di']]
    t=r.title if isinstance(r.title,str) else ''
    if m['evidence']==t or (t and m['evidence'] in t): return -1
    return r.text.find(m['evidence'])
out.sort(key=lambda m:(m['_di'],pos(m)))
with open(HERE / 'mentions.jsonl','w',encoding='utf-8') as f:
    for m in out:
        m.pop('_di'); m.pop('_i')
        f.write(json.dumps(m,ensure_ascii=False)+'\n')
print(len(out),'mentions; errors',errs)
