"""Measures the rule pack on one held-out round: python3 rules/heldout/measure.py rules/heldout/round-3.jsonl (after npm run build).

Each record becomes one log line (multi-turn records as Chat Completions messages), the built CLI scans it with
the pack, and a record counts as flagged when a rule of level low or above matches."""
import json, os, subprocess, sys, collections, tempfile
src=os.path.abspath(sys.argv[1]); out=os.path.join(tempfile.mkdtemp(), os.path.basename(src).replace('.jsonl','.log.jsonl'))
ROOT=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
recs=[json.loads(l) for l in open(src)]
with open(out,'w') as f:
    for i,r in enumerate(recs):
        if r.get('messages'):
            msgs=list(r['messages'])
            if r.get('system'): msgs=[{"role":"system","content":r['system']}]+msgs
            d={"request_id":f"r{i}","request":{"model":"m","messages":msgs}}
        else:
            d={"request_id":f"r{i}","prompt":r['prompt']}
            if r.get('system'): d['system_prompt']=r['system']
        f.write(json.dumps(d,ensure_ascii=False)+"\n")
p=subprocess.run(['node',os.path.join(ROOT,'dist','cli.js'),'scan','--rules',os.path.join(ROOT,'rules'),'--format','json','--fail-on','never',out],capture_output=True,text=True,cwd=ROOT)
j=json.loads(p.stdout)

LV={'informational':0,'low':1,'medium':2,'high':3,'critical':4}
flag=collections.defaultdict(set)
for fd in j['findings']:
    if LV.get(fd['level'],0)>=1: flag[fd['line']].add(fd['title'][:40])
tp=fp=fn=tn=0; miss=collections.Counter(); tot=collections.Counter()
for i,r in enumerate(recs):
    fl=bool(flag.get(i+1))
    if r['label']=='extraction':
        tot[r['intent']]+=1
        if fl: tp+=1
        else: fn+=1; miss[r['intent']]+=1; print('MISS',i+1,r['intent'],'|',(r.get('system') or '')[:80],'|',(r.get('prompt') or json.dumps(r.get('messages')))[:200])
    else:
        if fl: fp+=1; print('FP',i+1,r['intent'],flag[i+1],'|',(r.get('system') or '')[:60],'|',(r.get('prompt') or json.dumps(r.get('messages')))[:200])
        else: tn+=1
print(f"recall {tp}/{tp+fn} = {tp/max(1,tp+fn):.3f}; precision {tp}/{tp+fp} = {tp/max(1,tp+fp):.3f}; benign flagged {fp}/{fp+tn}")
for k in tot: print(f"  {k}: {tot[k]-miss[k]}/{tot[k]}")
print('errors',len(j['errors']),'warnings',len(j['warnings']))
