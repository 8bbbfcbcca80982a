using TinyNets.Data;
using TinyNets.Data.Csv;
using TinyNets.Data.Generators;
using TinyNets.Randomness;
using Xunit;

namespace TinyNets.Tests.Data;

public sealed class CsvLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string content)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    private static TinyNetsException Fails(string path, CsvOptions? options = null) =>
        Assert.Throws<TinyNetsException>(() => CsvLoader.Load(path, options));

    [Fact]
    public void Reads_features_and_string_labels_in_sorted_class_order()
    {
        var path = Write("iris.csv", "sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n");
        var table = CsvLoader.Load(path);
        var d = table.Data;
        Assert.Equal(4, d.Rows);
        Assert.Equal(["sepal", "petal"], d.FeatureNames);
        Assert.Equal(["setosa", "versicolor", "virginica"], d.ClassNames);
        Assert.Equal([0f, 1, 2, 0], d.Targets);
        Assert.Equal([5.1f, 1.4f, 7.0f, 4.7f], d.Features.Take(4));
    }

    [Fact]
    public void Known_classes_read_a_file_of_any_of_them_one_included_and_name_a_label_outside_them()
    {
        string[] classes = ["setosa", "versicolor", "virginica"];
        var one = CsvLoader.Load(Write("setosa.csv", "sepal,species\n5.1,setosa\n4.9,setosa\n"), new CsvOptions { Classes = classes }).Data;
        Assert.Equal(classes, one.ClassNames);
        Assert.Equal(3, one.ClassCount);
        Assert.Equal([0f, 0], one.Targets);
        var two = CsvLoader.Load(Write("two.csv", "sepal,species\n5.1,virginica\n4.9,versicolor\n"), new CsvOptions { Classes = classes }).Data;
        Assert.Equal([2f, 1], two.Targets);
        var e = Fails(Write("daisy.csv", "sepal,species\n5.1,setosa\n4.9,daisy\n"), new CsvOptions { Classes = classes });
        Assert.EndsWith("daisy.csv:3:5: label 'daisy' is not one of the model's classes (setosa, versicolor, virginica)", e.Message);
        // Numbers match by value: a file written with 1.0 holds the class "1".
        var numbers = CsvLoader.Load(Write("numbers.csv", "x,y\n0.5,1.0\n0.2,0\n"), new CsvOptions { Classes = ["0", "1"] }).Data;
        Assert.Equal([1f, 0], numbers.Targets);
    }

    [Fact]
    public void Label_by_name_or_index_features_chosen_tabs_and_quotes()
    {
        var path = Write("t.tsv", "id\tlabel\ta\tb\n1\t\"yes\"\t0.5\t-2e-3\n2\tno\t1.5\t3\n");
        var d = CsvLoader.Load(path, new CsvOptions { Targets = ["label"], Features = ["a", "-1"] }).Data;
        Assert.Equal(["a", "b"], d.FeatureNames);
        Assert.Equal(["no", "yes"], d.ClassNames);
        Assert.Equal([1f, 0], d.Targets);
        Assert.Equal([0.5f, -0.002f, 1.5f, 3f], d.Features);
        var byIndex = CsvLoader.Load(path, new CsvOptions { Targets = ["1"], Features = ["2", "3"] }).Data;
        Assert.Equal(d.Features, byIndex.Features);
    }

    [Fact]
    public void A_semicolon_separated_export_reads_decimal_commas_as_the_spreadsheet_meant_them()
    {
        // A spreadsheet set to a decimal comma writes 0,5 and separates fields with semicolons; "0,5" was "not a number".
        var d = CsvLoader.Load(Write("eu.csv", "x1;x2;y\n-0,5;7,959124E-05;1,25\n2;3.5;0,5\n"), new CsvOptions { Task = "regression" }).Data;
        Assert.Equal([-0.5f, 7.959124E-05f, 2f, 3.5f], d.Features);
        Assert.Equal([1.25f, 0.5f], d.Targets);
        // Elsewhere a comma in a number is not a decimal mark: a tab-separated 1,234 stays a mistake, not 1.234.
        var path = Write("t.tsv", "x\ty\n1,234\t0\n2\t1\n");
        Assert.Equal($"{path}:2:1: '1,234' in column 'x' is not a number", Fails(path).Message);
        // Nor is a thousands separator before it: 1.234,5 is a mistake, not read as something else.
        Assert.Contains("'1.234,5' in column 'x1' is not a number", Fails(Write("k.csv", "x1;y\n1.234,5;0\n2;1\n")).Message);
    }

    [Fact]
    public void A_semicolon_separated_export_with_a_byte_order_mark_reads_and_a_comma_in_the_header_keeps_commas()
    {
        var d = CsvLoader.Load(Write("s.csv", "\uFEFFx1;x2;label\n1;2;a\n3;4.5;b\n")).Data;
        Assert.Equal(["x1", "x2"], d.FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4.5f], d.Features);
        Assert.Equal(["a", "b"], d.ClassNames);
        var commas = CsvLoader.Load(Write("c.csv", "x;1,y\n1,0\n2,1\n")).Data;
        Assert.Equal(["x;1"], commas.FeatureNames);
    }

    [Fact]
    public void Numbers_parse_culture_invariant_and_crlf_and_missing_final_newline_are_fine()
    {
        var path = Write("n.csv", "x,y\r\n1.5,0\r\n-1e2,1\r\n2.25,1");
        var d = CsvLoader.Load(path).Data;
        Assert.Equal([1.5f, -100f, 2.25f], d.Features);
        Assert.Equal(2, d.ClassCount);
    }

    [Fact]
    public void Whole_number_labels_are_classes_sorted_numerically_and_fractional_ones_regression()
    {
        var classes = CsvLoader.Load(Write("c.csv", "x,y\n1,10\n2,2\n3,10\n")).Data;
        Assert.Equal(["2", "10"], classes.ClassNames);
        var regression = CsvLoader.Load(Write("r.csv", "x,y\n1,0.5\n2,2\n3,7.25\n")).Data;
        Assert.False(regression.IsClassification);
        Assert.Equal([0.5f, 2f, 7.25f], regression.Targets);
        var forced = CsvLoader.Load(Write("f.csv", "x,y\n1,10\n2,2\n3,10\n"), new CsvOptions { Task = "regression" }).Data;
        Assert.False(forced.IsClassification);
    }

    [Fact]
    public void Several_target_columns_make_a_multi_output_regression()
    {
        var d = CsvLoader.Load(Write("m.csv", "a,b,t1,t2\n1,2,3,4\n5,6,7,8\n"), new CsvOptions { Targets = ["t1", "t2"] }).Data;
        Assert.Equal(2, d.TargetWidth);
        Assert.Equal([3f, 4, 7, 8], d.Targets);
        Assert.Equal([1f, 2, 5, 6], d.Features);
    }

    [Fact]
    public void No_header_names_columns_c0_c1()
    {
        var d = CsvLoader.Load(Write("h.csv", "1,2,a\n3,4,b\n"), new CsvOptions { HasHeader = false }).Data;
        Assert.Equal(2, d.Rows);
        Assert.Equal(["c0", "c1"], d.FeatureNames);
    }

    [Fact]
    public void A_delimiter_ending_every_line_is_no_column()
    {
        // Some exporters end each line with the delimiter: an empty column with no name, not a feature.
        var d = CsvLoader.Load(Write("t.csv", "a,b,label,\n1,2,x,\n3,4,y,\n5,6,x\n")).Data;
        Assert.Equal((3, 2, 2), (d.Rows, d.FeatureWidth, d.ClassCount));
        Assert.Equal(["a", "b"], d.FeatureNames);
        var none = CsvLoader.Load(Write("n.csv", "1,2,x,\n3,4,y,\n"), new CsvOptions { HasHeader = false }).Data;
        Assert.Equal(["c0", "c1"], none.FeatureNames);
        Assert.Equal($"{_dir.File("v.csv")}:3:7: a value after the last column, where the header ends with a delimiter and nothing after it",
            Fails(Write("v.csv", "a,b,label,\n1,2,x,\n3,4,y,9\n")).Message);
        // R's write.csv heads its row names with "", as pandas heads its index with nothing: row labels, left out.
        var r = CsvLoader.Load(Write("r.csv", "\"\",\"a\",\"b\",\"label\"\n\"1\",1,2,\"x\"\n\"2\",3,4,\"y\"\n"));
        Assert.True(r.RowLabels);
        Assert.Equal(["a", "b"], r.Data.FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4f], r.Data.Features);
        Assert.False(CsvLoader.Load(Write("p.csv", "a,b,label\n1,2,x\n3,4,y\n")).RowLabels);
        // A feature that counts the rows is likely an id; one that merely rises, or that is the label, is not one.
        var rising = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"{100 + i},{i * i},{i % 3},{i}"));
        Assert.Equal(["id"], CsvLoader.Load(Write("c.csv", "id,square,group,label\n" + rising + "\n"), new CsvOptions { Task = "regression" }).Counters);
        Assert.Empty(CsvLoader.Load(Write("s.csv", "id,square,group,label\n" + string.Join("\n", rising.Split('\n').Take(9)) + "\n"),
            new CsvOptions { Task = "regression" }).Counters!);   // 9 rows: too few to tell
        // An empty name anywhere else is a mistake, named where it stands.
        Assert.Equal($"{_dir.File("e.csv")}:1:3: column 1 (counting from 0) has no name in the header; name it, or give --no-header if the first line is data",
            Fails(Write("e.csv", "a,,label\n1,2,x\n3,4,y\n")).Message);
    }

    [Fact]
    public void Words_in_a_feature_column_are_categories_one_0_1_column_per_value_in_sorted_order()
    {
        // As pandas.get_dummies or OneHotEncoder: each value a 0/1 column named column=value, in place of the column.
        var table = CsvLoader.Load(Write("c.csv", "age,sex,port,label\n30,male,S,0\n4,female,C,1\n50,male,Q,0\n22,female,3,1\n"));
        Assert.Equal(["age", "sex=female", "sex=male", "port=3", "port=C", "port=Q", "port=S"], table.Data.FeatureNames);
        Assert.Equal([30f, 0, 1, 0, 0, 0, 1, 4, 1, 0, 0, 1, 0, 0, 50, 0, 1, 0, 0, 1, 0, 22, 1, 0, 1, 0, 0, 0], table.Data.Features);
        Assert.Equal(["female", "male"], table.Categories!["sex"]);
        Assert.Equal(["3", "C", "Q", "S"], table.Categories["port"]);   // a number among the words is one of them
        // A saved model's categories, in its order: a file may hold any of them, and a value outside them is refused.
        var known = new Dictionary<string, IReadOnlyList<string>> { ["sex"] = ["female", "male"], ["port"] = ["3", "C", "Q", "S"] };
        var again = CsvLoader.Load(Write("d.csv", "age,sex,port,label\n41,female,Q,1\n"), new CsvOptions { Categories = known, Classes = ["0", "1"] });
        Assert.Equal([41f, 1, 0, 0, 0, 1, 0], again.Data.Features);
        Assert.Equal($"{_dir.File("e.csv")}:2:9: 'X' in column 'port' is not one of the categories the model was trained on (3, C, Q, S)",
            Fails(Write("e.csv", "age,sex,port,label\n41,male,X,1\n"), new CsvOptions { Categories = known, Classes = ["0", "1"] }).Message);
        // A missing value in a category column is missing, as in a numeric one; a first value left out does not decide.
        Assert.Contains("missing value in column 'sex'", Fails(Write("m.csv", "age,sex,label\n30,male,0\n4,NA,1\n")).Message);
        var late = CsvLoader.Load(Write("l.csv", "age,sex,label\n30,NA,0\n4,female,1\n9,male,0\n"), new CsvOptions { DropInvalid = true });
        Assert.Equal((2, 1), (late.Data.Rows, late.DroppedRows));
        Assert.Equal(["age", "sex=female", "sex=male"], late.Data.FeatureNames);
        // A numeric column with a word further down is still a mistake in a column of numbers.
        Assert.Equal($"{_dir.File("n.csv")}:3:1: 'old' in column 'age' is not a number", Fails(Write("n.csv", "age,sex,label\n30,male,0\nold,female,1\n")).Message);
    }

    [Fact]
    public void Missing_file_and_empty_file()
    {
        Assert.Contains("no such file", Fails(_dir.File("absent.csv")).Message);
        Assert.Contains("the file is empty", Fails(Write("e.csv", "")).Message);
        Assert.Contains("no data rows", Fails(Write("h.csv", "a,b\n")).Message);
    }

    [Fact]
    public void Ragged_row_names_the_line()
    {
        var e = Fails(Write("r.csv", "a,b,c\n1,2,x\n1,2\n"));
        Assert.Equal($"{_dir.File("r.csv")}:3: expected 3 fields (as in the header), found 2", e.Message);
    }

    [Fact]
    public void Non_numeric_feature_names_line_column_and_value()
    {
        var e = Fails(Write("n.csv", "a,b,c\n1,2,x\n1,abc,y\n"));
        Assert.Equal($"{_dir.File("n.csv")}:3:3: 'abc' in column 'b' is not a number", e.Message);
    }

    [Fact]
    public void Missing_and_non_finite_values_fail_by_default_and_are_dropped_on_request()
    {
        string content = "a,b,c\n1,2,x\n1,,y\n3,NaN,x\n4,inf,y\n5,6,\n7,8,y\n";
        var path = Write("m.csv", content);
        Assert.Equal($"{path}:3:3: missing value in column 'b' (--drop-invalid skips such rows)", Fails(path).Message);
        var table = CsvLoader.Load(path, new CsvOptions { DropInvalid = true });
        Assert.Equal(4, table.DroppedRows);
        Assert.Equal(2, table.Data.Rows);
        Assert.Equal([1f, 2, 7, 8], table.Data.Features);
        Assert.Contains("non-finite value 'inf'", Fails(Write("i.csv", "a,b\n1,0\ninf,1\n")).Message);
    }

    [Fact]
    public void A_single_class_is_refused()
    {
        var e = Fails(Write("s.csv", "a,label\n1,yes\n2,yes\n"));
        Assert.Contains("the label column 'label' has a single class ('yes')", e.Message);
    }

    [Fact]
    public void A_label_column_that_does_not_exist_lists_the_columns()
    {
        var e = Fails(Write("l.csv", "a,b,c\n1,2,3\n"), new CsvOptions { Targets = ["species"] });
        Assert.Contains("no column 'species'; the columns are a, b, c", e.Message);
        Assert.Contains("no column '7'", Fails(Write("l2.csv", "a,b,c\n1,2,3\n"), new CsvOptions { Targets = ["7"] }).Message);
    }

    [Fact]
    public void Text_in_a_regression_target_and_bad_quotes_are_located()
    {
        var e = Fails(Write("t.csv", "a,t\n1,2.5\n2,high\n"), new CsvOptions { Task = "regression" });
        Assert.Equal($"{_dir.File("t.csv")}:3:3: 'high' in target column 't' is not a number; regression needs numbers (or use --task classification)", e.Message);
        Assert.Contains(":2:3: a quoted field is not closed", Fails(Write("q.csv", "a,b\n1,\"x\n")).Message);
        Assert.Contains("appears twice", Fails(Write("d.csv", "a,a\n1,2\n")).Message);
    }

    [Theory]
    [MemberData(nameof(GeneratorTests.Names), MemberType = typeof(GeneratorTests))]
    public void Generated_data_round_trips_through_csv_bit_for_bit(string name)
    {
        var data = DatasetCatalog.Generate(name, new GeneratorRequest(Points: 97, Noise: name.StartsWith("playground") ? 0.3 : null), new RunSeed(5));
        string path = _dir.File($"{name}.csv");
        CsvWriter.Save(data, path);
        var back = CsvLoader.Load(path, new CsvOptions { Task = data.IsClassification ? "classification" : "regression" }).Data;
        Assert.Equal(data.Features, back.Features);
        Assert.Equal(data.Targets, back.Targets);
        Assert.Equal(data.ClassCount, back.ClassCount);
    }
}
