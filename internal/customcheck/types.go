/*
Copyright 2026 The prodready Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package customcheck

import (
	"reflect"
	"strings"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	apiservercel "k8s.io/apiserver/pkg/cel"
)

// Size bounds the cost estimator assumes. They are not limits on what a rule may read: the
// runtime cost limit stops a rule on inputs larger than these, with an Error result. Within
// them, a rule accepted at admission (its estimated cost within the budget) never reaches the
// runtime limit.
const (
	// estContainers bounds the containers and initContainers lists.
	estContainers = 32
	// estRelated bounds each list of related objects and of Secrets and ConfigMaps.
	estRelated = 32
	// estItems bounds every other list and map (env, ports, volumes, labels, keys...).
	estItems = 64
	// estString bounds every string.
	estString = 512
)

var (
	timeType        = reflect.TypeFor[metav1.Time]()
	microTimeType   = reflect.TypeFor[metav1.MicroTime]()
	durationType    = reflect.TypeFor[metav1.Duration]()
	quantityType    = reflect.TypeFor[resource.Quantity]()
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	timeStdType     = reflect.TypeFor[time.Time]()
)

// declTypes derives CEL declarations from Go API types, by their JSON field names, so that a rule
// is type-checked against exactly the shape the value has at runtime (the value is the same Go
// object seen through the apiserver's SchemalessTypedToVal, which mimics its JSON form).
type declTypes struct {
	cache map[reflect.Type]*apiservercel.DeclType
}

func newDeclTypes() *declTypes {
	return &declTypes{cache: map[reflect.Type]*apiservercel.DeclType{}}
}

func boundedString() *apiservercel.DeclType {
	t := apiservercel.NewSimpleTypeWithMinSize("string", cel.StringType, types.String(""), apiservercel.MinStringSize)
	t.MaxElements = estString
	return t
}

func simple(name string, ct *cel.Type, zero any, min int64) *apiservercel.DeclType {
	return apiservercel.NewSimpleTypeWithMinSize(name, ct, types.DefaultTypeAdapter.NativeToValue(zero), min)
}

// of returns the declaration of a Go type. Where the JSON form has no single type (IntOrString:
// an int or a string), it is dyn, the only place the variables use dyn.
func (d *declTypes) of(t reflect.Type) *apiservercel.DeclType {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType, microTimeType, durationType, quantityType, timeStdType:
		return boundedString()
	case intOrStringType:
		return apiservercel.DynType
	}
	if dt, ok := d.cache[t]; ok {
		return dt
	}
	switch t.Kind() {
	case reflect.String:
		return boundedString()
	case reflect.Bool:
		return simple("bool", cel.BoolType, false, apiservercel.MinBoolSize)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return simple("int", cel.IntType, int64(0), apiservercel.MinNumberSize)
	case reflect.Float32, reflect.Float64:
		return simple("double", cel.DoubleType, float64(0), apiservercel.MinNumberSize)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return boundedString() // []byte is base64 in JSON
		}
		return apiservercel.NewListType(d.of(t.Elem()), estItems)
	case reflect.Map:
		return apiservercel.NewMapType(boundedString(), d.of(t.Elem()), estItems)
	case reflect.Struct:
		fields := map[string]*apiservercel.DeclField{}
		obj := apiservercel.NewObjectType(typeName(t), fields)
		d.cache[t] = obj // before the fields: a recursive type refers to itself
		d.addFields(fields, t)
		return obj
	}
	return apiservercel.DynType
}

// addFields adds a struct's JSON fields, flattening inline and embedded structs.
func (d *declTypes) addFields(fields map[string]*apiservercel.DeclField, t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if (f.Anonymous && name == "") || strings.Contains(","+opts+",", ",inline,") {
			if ft.Kind() == reflect.Struct {
				d.addFields(fields, ft)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = apiservercel.NewDeclField(name, d.of(f.Type), false, nil, nil)
	}
}

// typeName is a stable CEL type name for a Go type: "core.v1.Container" for k8s.io/api/core/v1.
func typeName(t reflect.Type) string {
	parts := strings.Split(t.PkgPath(), "/")
	if len(parts) >= 2 {
		return parts[len(parts)-2] + "." + parts[len(parts)-1] + "." + t.Name()
	}
	return "prodready." + t.Name()
}

// containerList declares a list of containers, with the containers' estimation bound.
func (d *declTypes) containerList(elem reflect.Type) *apiservercel.DeclType {
	return apiservercel.NewListType(d.of(elem), estContainers)
}
