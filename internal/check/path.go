package check

import "conclab/exercises"

// Path is the curriculum as one learner walks it: the exercises in the
// order they are taken, track by track, each with the learner's record;
// which one comes next; how far along the learner is. Every front end
// that lists exercises or names the next one (conclab progress, check and
// watch without a name, the home screen) takes it from LearnerPath, so
// that they all agree.
type Path struct {
	// Tracks are the tracks that have exercises, in order.
	Tracks []TrackPath
	// Next is the first exercise of the path that is not solved; HasNext
	// is false when every exercise is solved.
	Next    exercises.Exercise
	HasNext bool
	// Solved and Total count the exercises.
	Solved, Total int
	// MinutesLeft adds up the estimated minutes of the exercises not solved.
	MinutesLeft int
}

// TrackPath is one track of a Path.
type TrackPath struct {
	Track exercises.Track
	// Steps are the track's exercises in order.
	Steps []Step
	// Solved counts the steps solved.
	Solved int
}

// Step is one exercise of a Path and what the learner did of it.
type Step struct {
	Exercise exercises.Exercise
	Record   Record
	// Next marks the Path's next exercise.
	Next bool
}

// Order returns the exercises of the path, in order.
func (p Path) Order() []exercises.Exercise {
	var out []exercises.Exercise
	for _, t := range p.Tracks {
		for _, s := range t.Steps {
			out = append(out, s.Exercise)
		}
	}
	return out
}

// LearnerPath is PathOf for conclab's own tracks and exercises.
func LearnerPath(p *Progress) Path {
	return PathOf(p, exercises.Tracks(), exercises.All())
}

// PathOf lays out all as a path: tracks in the order of tracks (a track
// no exercise names is left out; exercises of a track that tracks does not
// list come last, under their track's name), and within a track the order
// of all, which the manifest gives (see exercises.All). p may be nil (no
// progress yet). The number of tracks and exercises does not matter.
func PathOf(p *Progress, tracks []exercises.Track, all []exercises.Exercise) Path {
	if p == nil {
		p = &Progress{}
	}
	byName := map[string]int{}
	var path Path
	add := func(t exercises.Track) int {
		byName[t.Name] = len(path.Tracks)
		path.Tracks = append(path.Tracks, TrackPath{Track: t})
		return byName[t.Name]
	}
	for _, t := range tracks {
		if _, dup := byName[t.Name]; !dup {
			add(t)
		}
	}
	for _, e := range all {
		i, ok := byName[e.Track]
		if !ok {
			i = add(exercises.Track{Name: e.Track, Title: e.Track})
		}
		path.Tracks[i].Steps = append(path.Tracks[i].Steps, Step{Exercise: e, Record: p.Get(e.Name)})
	}
	kept := path.Tracks[:0]
	for _, t := range path.Tracks {
		if len(t.Steps) == 0 {
			continue
		}
		for j := range t.Steps {
			s := &t.Steps[j]
			path.Total++
			if s.Record.Solved {
				path.Solved++
				t.Solved++
				continue
			}
			path.MinutesLeft += max(s.Exercise.Minutes, 0)
			if !path.HasNext {
				path.Next, path.HasNext, s.Next = s.Exercise, true, true
			}
		}
		kept = append(kept, t)
	}
	path.Tracks = kept
	return path
}
