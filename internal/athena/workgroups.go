package athena

import (
	"context"
	"sort"

	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

const primaryWorkGroup = "primary"

// workGroup is a stored workgroup and its tags.
type workGroup struct {
	WorkGroup awsathena.WorkGroup `json:"workGroup"`
	Tags      []awsathena.Tag     `json:"tags,omitempty"`
}

func engineVersion() *awsathena.EngineVersion {
	return &awsathena.EngineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3"}
}

func defaultConfiguration() *awsathena.WorkGroupConfiguration {
	f := false
	return &awsathena.WorkGroupConfiguration{
		EnforceWorkGroupConfiguration:        &f,
		PublishCloudWatchMetricsEnabled:      &f,
		RequesterPaysEnabled:                 &f,
		EnableMinimumEncryptionConfiguration: &f,
		EngineVersion:                        engineVersion(),
	}
}

// ensurePrimary creates the "primary" workgroup every account has.
func (s *Service) ensurePrimary() error {
	var wg workGroup
	found, err := getJSON(s.kv, key("wg", primaryWorkGroup), &wg)
	if err != nil || found {
		return err
	}
	wg.WorkGroup = awsathena.WorkGroup{
		Name: primaryWorkGroup, State: "ENABLED", Configuration: defaultConfiguration(),
		CreationTime: awsproto.NewTimestamp(s.now()),
	}
	return putJSON(s.kv, key("wg", primaryWorkGroup), &wg)
}

// workGroup loads a workgroup or fails as Athena does.
func (s *Service) workGroup(name string) (*workGroup, error) {
	if name == "" {
		name = primaryWorkGroup
	}
	var wg workGroup
	found, err := getJSON(s.kv, key("wg", name), &wg)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, invalidRequest("WorkGroup %s is not found.", name)
	}
	return &wg, nil
}

func (s *Service) CreateWorkGroup(ctx context.Context, in *awsathena.CreateWorkGroupInput) (*awsathena.CreateWorkGroupOutput, error) {
	s.startMu.Lock()
	defer s.startMu.Unlock()
	var existing workGroup
	found, err := getJSON(s.kv, key("wg", in.Name), &existing)
	if err != nil {
		return nil, err
	}
	if found {
		return nil, invalidRequest("WorkGroup is already created")
	}
	conf := defaultConfiguration()
	if in.Configuration != nil {
		c := *in.Configuration
		if c.EngineVersion == nil {
			c.EngineVersion = engineVersion()
		} else {
			c.EngineVersion.EffectiveEngineVersion = "Athena engine version 3"
		}
		conf = &c
	}
	wg := workGroup{WorkGroup: awsathena.WorkGroup{
		Name: in.Name, State: "ENABLED", Description: in.Description, Configuration: conf,
		CreationTime: awsproto.NewTimestamp(s.now()),
	}, Tags: in.Tags}
	return &awsathena.CreateWorkGroupOutput{}, putJSON(s.kv, key("wg", in.Name), &wg)
}

func (s *Service) GetWorkGroup(ctx context.Context, in *awsathena.GetWorkGroupInput) (*awsathena.GetWorkGroupOutput, error) {
	wg, err := s.workGroup(in.WorkGroup)
	if err != nil {
		return nil, err
	}
	return &awsathena.GetWorkGroupOutput{WorkGroup: &wg.WorkGroup}, nil
}

func (s *Service) ListWorkGroups(ctx context.Context, in *awsathena.ListWorkGroupsInput) (*awsathena.ListWorkGroupsOutput, error) {
	var all []awsathena.WorkGroupSummary
	err := scanJSON(s.kv, append(key("wg"), '/'), func(_ []byte, wg workGroup) bool {
		w := wg.WorkGroup
		all = append(all, awsathena.WorkGroupSummary{Name: w.Name, State: w.State, Description: w.Description,
			CreationTime: w.CreationTime, EngineVersion: engineVersion()})
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	page, next, err := paginate(all, func(w awsathena.WorkGroupSummary) string { return w.Name }, in.NextToken, in.MaxResults, 50)
	if err != nil {
		return nil, err
	}
	return &awsathena.ListWorkGroupsOutput{WorkGroups: awsproto.NonNil(page), NextToken: next}, nil
}

func (s *Service) UpdateWorkGroup(ctx context.Context, in *awsathena.UpdateWorkGroupInput) (*awsathena.UpdateWorkGroupOutput, error) {
	s.startMu.Lock()
	defer s.startMu.Unlock()
	wg, err := s.workGroup(in.WorkGroup)
	if err != nil {
		return nil, err
	}
	w := &wg.WorkGroup
	if in.Description != "" {
		w.Description = in.Description
	}
	if in.State != "" {
		w.State = in.State
	}
	if u := in.ConfigurationUpdates; u != nil {
		applyConfigurationUpdates(w, u)
	}
	return &awsathena.UpdateWorkGroupOutput{}, putJSON(s.kv, key("wg", w.Name), wg)
}

func applyConfigurationUpdates(w *awsathena.WorkGroup, u *awsathena.WorkGroupConfigurationUpdates) {
	if w.Configuration == nil {
		w.Configuration = defaultConfiguration()
	}
	c := w.Configuration
	if u.EnforceWorkGroupConfiguration != nil {
		c.EnforceWorkGroupConfiguration = u.EnforceWorkGroupConfiguration
	}
	if u.PublishCloudWatchMetricsEnabled != nil {
		c.PublishCloudWatchMetricsEnabled = u.PublishCloudWatchMetricsEnabled
	}
	if u.RequesterPaysEnabled != nil {
		c.RequesterPaysEnabled = u.RequesterPaysEnabled
	}
	if u.BytesScannedCutoffPerQuery != nil {
		c.BytesScannedCutoffPerQuery = u.BytesScannedCutoffPerQuery
	}
	if u.RemoveBytesScannedCutoffPerQuery != nil && *u.RemoveBytesScannedCutoffPerQuery {
		c.BytesScannedCutoffPerQuery = nil
	}
	if u.EngineVersion != nil {
		c.EngineVersion = engineVersion()
		c.EngineVersion.SelectedEngineVersion = u.EngineVersion.SelectedEngineVersion
	}
	if r := u.ResultConfigurationUpdates; r != nil {
		if c.ResultConfiguration == nil {
			c.ResultConfiguration = &awsathena.ResultConfiguration{}
		}
		rc := c.ResultConfiguration
		if r.OutputLocation != "" {
			rc.OutputLocation = r.OutputLocation
		}
		if r.RemoveOutputLocation != nil && *r.RemoveOutputLocation {
			rc.OutputLocation = ""
		}
		if r.EncryptionConfiguration != nil {
			rc.EncryptionConfiguration = r.EncryptionConfiguration
		}
		if r.RemoveEncryptionConfiguration != nil && *r.RemoveEncryptionConfiguration {
			rc.EncryptionConfiguration = nil
		}
		if r.ExpectedBucketOwner != "" {
			rc.ExpectedBucketOwner = r.ExpectedBucketOwner
		}
		if r.AclConfiguration != nil {
			rc.AclConfiguration = r.AclConfiguration
		}
	}
}

func (s *Service) DeleteWorkGroup(ctx context.Context, in *awsathena.DeleteWorkGroupInput) (*awsathena.DeleteWorkGroupOutput, error) {
	if in.WorkGroup == primaryWorkGroup {
		return nil, invalidRequest("Cannot delete primary workgroup.")
	}
	if _, err := s.workGroup(in.WorkGroup); err != nil {
		return nil, err
	}
	return &awsathena.DeleteWorkGroupOutput{}, s.kv.Delete(key("wg", in.WorkGroup))
}
