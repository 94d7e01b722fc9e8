export default {name:'network',title:'x',targets:'engines',rows:()=>[],measure:async()=>({})};
