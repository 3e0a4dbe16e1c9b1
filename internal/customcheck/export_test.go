package customcheck

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/prodready/prodready/api/v1alpha1"
	"github.com/prodready/prodready/internal/checks"
)

// RuleCost is one rule's estimated and actual cost on a snapshot.
type RuleCost struct {
	Check      string
	Rule       int
	Estimated  uint64
	Actual     uint64
	Expression string
}

// RuleCosts compiles a profile's custom checks and evaluates every rule's expression on a
// snapshot, returning the costs (for the figures in docs/custom-checks.md).
func RuleCosts(rp *v1alpha1.ReadinessProfile, s *checks.Snapshot, p map[string]checks.Params) []RuleCost {
	env, _ := getEnv()
	var out []RuleCost
	for i := range rp.Spec.CustomChecks {
		cc := &rp.Spec.CustomChecks[i]
		c, errs := compileCached(env, cc, field.NewPath("spec"))
		if len(errs) > 0 {
			panic(errs.ToAggregate())
		}
		act := newActivation(s, c.paramValues(p[cc.ID]))
		for j, r := range c.rules {
			_, det, _ := r.prog.Eval(act)
			out = append(out, RuleCost{Check: cc.ID, Rule: j, Estimated: r.estimated, Actual: actualCost(det), Expression: r.expression})
		}
	}
	return out
}
